#region websocket-on-its-own
using Tusk.Transport.WebSocket;
#endregion

namespace Tusk.Docs.Snippets.WebSocket;

/// <summary>docs/websocket.md, "Use it on its own".</summary>
public static class OnItsOwn
{
    public static async Task RunAsync()
    {
        #region websocket-on-its-own
        var options = new WebSocketClientOptions
        {
            SubProtocols = { "chat" },
            Headers = { new("Authorization", "Bearer abc") },
            KeepAliveInterval = TimeSpan.FromSeconds(20),
            EnableCompression = true,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // bounds every wait below
        var ct = timeout.Token;

        await using var ws = await WebSocketClient.ConnectAsync(DocServers.At("ws://localhost:3000/echo"), options, ct);
        Console.WriteLine($"subprotocol {ws.SubProtocol}, compressed {ws.IsCompressed}");

        // Any number of tasks may send at once.
        await ws.SendTextAsync("hello", ct);
        await ws.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageKind.Binary, ct);

        // One receiver at a time. Whole messages arrive in pooled buffers: dispose them.
        for (var received = 0; received < 2; received++)
        {
            using var message = await ws.ReceiveAsync(ct);
            if (message.Kind == WebSocketMessageKind.Close)
            {
                Console.WriteLine($"server closed: {ws.CloseCode} {ws.CloseReason}");
                break;
            }

            Console.WriteLine(message.Kind == WebSocketMessageKind.Text ? message.GetText() : $"{message.Data.Length} bytes");
        }

        await ws.CloseAsync(1000, "bye", ct);
        #endregion
    }

    /// <summary>docs/websocket.md: one large message streamed in parts into memory of your own.</summary>
    public static async Task<long> StreamAsync(WebSocketConnection ws, CancellationToken ct)
    {
        #region websocket-streaming
        await ws.SendAsync(new byte[256 * 1024], WebSocketMessageKind.Binary, ct); // the echo server sends it back

        var buffer = new byte[64 * 1024];
        using var received = new MemoryStream();
        WebSocketReceiveResult part;
        do
        {
            part = await ws.ReceiveAsync(buffer, ct);          // Memory<byte> overload
            await received.WriteAsync(buffer.AsMemory(0, part.Count), ct);
        }
        while (!part.EndOfMessage);
        #endregion
        return received.Length;
    }

    /// <summary>docs/websocket.md: a connection over a stream that was upgraded by other means.</summary>
    public static async Task<string> EchoOverStreamAsync(Stream upgradedStream, CancellationToken ct)
    {
        #region websocket-create
        await using var ws = WebSocketConnection.Create(upgradedStream, new WebSocketConnectionOptions { MaxMessageSize = 1 << 20 });
        #endregion
        await ws.SendTextAsync("over a stream of my own", ct);
        using var message = await ws.ReceiveAsync(ct);
        return message.GetText();
    }
}
