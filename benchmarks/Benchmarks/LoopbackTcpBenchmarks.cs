using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks;

/// <summary>Over loopback TCP: Tusk's <see cref="WebSocketClient.ConnectAsync"/> against
/// <see cref="ClientWebSocket"/>, both talking to the same in-process server.</summary>
public class LoopbackTcpBenchmarks : ClientComparisonBase
{
    private TcpListener? _listener;

    private TcpListener Listener
    {
        get
        {
            if (_listener is null)
            {
                _listener = new TcpListener(IPAddress.Loopback, 0);
                _listener.Start();
            }

            return _listener;
        }
    }

    private Uri ServerUri => new($"ws://127.0.0.1:{((IPEndPoint)Listener.LocalEndpoint).Port}/");

    protected override async Task<(WebSocketConnection Client, WebSocket Server)> ConnectTuskAsync()
    {
        var accepting = AcceptAsync();
        var client = await WebSocketClient.ConnectAsync(ServerUri);
        return (client, await accepting);
    }

    protected override async Task<(WebSocket Client, WebSocket Server)> ConnectBuiltinAsync()
    {
        var accepting = AcceptAsync();
        var client = new ClientWebSocket();
        await client.ConnectAsync(ServerUri, CancellationToken.None);
        return (client, await accepting);
    }

    protected override void Cleanup() => _listener?.Dispose();

    /// <summary>Accepts one connection and answers its upgrade by hand, then wraps it as a server WebSocket.</summary>
    private async Task<WebSocket> AcceptAsync()
    {
        var socket = await Listener.AcceptSocketAsync();
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var request = new StringBuilder();
        var one = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("The client hung up during the handshake.");
            }

            request.Append((char)one[0]);
        }

        var key = request.ToString().Split("\r\n")
            .First(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
    }
}
