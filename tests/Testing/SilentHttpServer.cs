using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Testing;

/// <summary>A stalled server on a free loopback port: it accepts connections and reads one HTTP request head from
/// each, then never answers. Tests await <see cref="WaitForRequestAsync"/> to know a request is in flight (a polling
/// GET or a WebSocket upgrade) before they cancel it or let it time out.</summary>
public sealed class SilentHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _accepted = [];

    public SilentHttpServer() => _listener.Start();

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri HttpUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Accepts the next connection and reads its request head.</summary>
    /// <returns>The request line, e.g. <c>GET /engine.io/?EIO=4&amp;transport=polling HTTP/1.1</c>.</returns>
    public async Task<string> WaitForRequestAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var client = await _listener.AcceptTcpClientAsync(deadline.Token);
        lock (_accepted)
        {
            _accepted.Add(client);
        }

        var stream = client.GetStream();
        var head = new List<byte>();
        var buffer = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(buffer, deadline.Token) == 0)
            {
                throw new EndOfStreamException("The client closed the connection inside its request head.");
            }

            head.Add(buffer[0]);
        }

        var text = Encoding.Latin1.GetString([.. head]);
        return text[..text.IndexOf('\r', StringComparison.Ordinal)];
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        lock (_accepted)
        {
            _accepted.ForEach(c => c.Dispose());
        }

        return ValueTask.CompletedTask;
    }
}
