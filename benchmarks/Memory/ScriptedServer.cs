using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tusk.Benchmarks.Memory;

/// <summary>A loopback HTTP/1.1 server whose every request is answered by the scenario's own code, including WebSocket
/// upgrades: what a hostile or merely large server sends, byte for byte, without a Node process in the measurement.</summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Exchange, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ScriptedServer(Func<Exchange, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public Uri HttpUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _listener.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var exchange = await Exchange.ReadAsync(stream, _stop.Token);
                    if (exchange is null)
                    {
                        return;
                    }

                    await _handler(exchange);
                    if (exchange.TookOver)
                    {
                        await exchange.Completion;
                        return;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}

/// <summary>One request and the means to answer it.</summary>
internal sealed class Exchange
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Exchange(NetworkStream stream, string method, string target, Dictionary<string, string> headers)
    {
        Stream = stream;
        Method = method;
        Target = target;
        Headers = headers;
    }

    public NetworkStream Stream { get; }

    public string Method { get; }

    public string Target { get; }

    public Dictionary<string, string> Headers { get; }

    public bool TookOver { get; private set; }

    public Task Completion => _done.Task;

    public bool HasQuery(string key) => Target.Contains("?" + key + "=", StringComparison.Ordinal) || Target.Contains("&" + key + "=", StringComparison.Ordinal);

    public static async Task<Exchange?> ReadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(512);
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.Latin1.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        // A request body is read and dropped in small pieces: the server keeps nothing of what the client sent, so the
        // figures are the client's alone.
        if (headers.TryGetValue("Content-Length", out var length) && long.Parse(length, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var remaining)
        {
            var discard = new byte[64 * 1024];
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(discard.AsMemory(0, (int)Math.Min(discard.Length, remaining)), cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                remaining -= read;
            }
        }

        return new Exchange(stream, start[0], start[1], headers);
    }

    public async Task RespondAsync(string text, string contentType = "text/plain; charset=UTF-8") =>
        await RespondAsync(Encoding.UTF8.GetBytes(text), contentType);

    public async Task RespondAsync(ReadOnlyMemory<byte> body, string contentType = "text/plain; charset=UTF-8")
    {
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: keep-alive\r\n\r\n";
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await Stream.WriteAsync(body);
    }

    /// <summary>A chunked body of <paramref name="total"/> bytes made of <paramref name="pattern"/> repeated.</summary>
    public async Task RespondChunkedAsync(byte[] pattern, long total)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n"));
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = pattern[i % pattern.Length];
        }

        var header = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await Stream.WriteAsync(header);
            await Stream.WriteAsync(chunk);
            await Stream.WriteAsync("\r\n"u8.ToArray());
        }

        await Stream.WriteAsync("0\r\n\r\n"u8.ToArray());
    }

    /// <summary>Completes the WebSocket upgrade and hands the connection to the caller; client frames are read and dropped.</summary>
    public async Task<NetworkStream> AcceptWebSocketAsync()
    {
        TookOver = true;
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(Headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
        _ = DrainAsync();
        return Stream;
    }

    /// <summary>Writes one unmasked frame.</summary>
    public static async Task WriteFrameAsync(Stream stream, byte opcode, bool fin, ReadOnlyMemory<byte> payload)
    {
        var header = new byte[10];
        header[0] = (byte)((fin ? 0x80 : 0) | opcode);
        int length;
        if (payload.Length < 126)
        {
            header[1] = (byte)payload.Length;
            length = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header[1] = 126;
            header[2] = (byte)(payload.Length >> 8);
            header[3] = (byte)payload.Length;
            length = 4;
        }
        else
        {
            header[1] = 127;
            for (var i = 0; i < 8; i++)
            {
                header[2 + i] = (byte)((long)payload.Length >> (8 * (7 - i)));
            }

            length = 10;
        }

        await stream.WriteAsync(header.AsMemory(0, length));
        await stream.WriteAsync(payload);
    }

    private async Task DrainAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await Stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
        }

        _done.TrySetResult();
    }
}
