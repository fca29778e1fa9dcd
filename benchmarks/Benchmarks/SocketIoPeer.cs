using System.Net.WebSockets;
using System.Text;

namespace Tusk.Benchmarks;

/// <summary>
/// The server end of <see cref="InMemoryEngineIoTransport"/>: just enough Engine.IO 4 / Socket.IO 5 for the cost
/// benchmarks, over a server-role <see cref="WebSocket"/>. It opens the session, accepts the namespace connect, acks
/// every emit that asks for one, counts the others, and answers a <c>push</c> event with <see cref="PushCount"/>
/// <c>tick</c> events. Written against the BCL only, so it costs the same whichever Tusk build is measured.
/// </summary>
public sealed class SocketIoPeer(WebSocket socket)
{
    public const int PushCount = 100;

    // No heartbeat inside a benchmark run: the interval is longer than any run, so no ping is ever due.
    private static readonly byte[] s_open = Encoding.UTF8.GetBytes(
        "0{\"sid\":\"bench\",\"upgrades\":[],\"pingInterval\":3600000,\"pingTimeout\":3600000,\"maxPayload\":1000000}");
    private static readonly byte[] s_connected = Encoding.UTF8.GetBytes("40{\"sid\":\"bench-socket\"}");
    private static readonly byte[] s_tick = Encoding.UTF8.GetBytes("42[\"tick\",{\"n\":1,\"text\":\"a tick from the peer\"}]");
    private static readonly byte[] s_pushEvent = Encoding.UTF8.GetBytes("[\"push\"");

    /// <summary>Signalled once per event received without an ack id.</summary>
    public CountdownSignal Received { get; } = new();

    public async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        var reply = new byte[64];
        await socket.SendAsync(s_open, WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var message = buffer.AsMemory(0, length);
            if (message.Span.StartsWith("40"u8))
            {
                await socket.SendAsync(s_connected, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            else if (message.Span.StartsWith("42"u8))
            {
                var span = message.Span[2..];
                var idLength = span.IndexOf((byte)'[');
                if (idLength > 0)
                {
                    // 42<id>[...] -> 43<id>["ok"]
                    "43"u8.CopyTo(reply);
                    span[..idLength].CopyTo(reply.AsSpan(2));
                    "[\"ok\"]"u8.CopyTo(reply.AsSpan(2 + idLength));
                    await socket.SendAsync(reply.AsMemory(0, 2 + idLength + 6), WebSocketMessageType.Text, true, CancellationToken.None);
                }
                else if (span.StartsWith(s_pushEvent))
                {
                    for (var i = 0; i < PushCount; i++)
                    {
                        await socket.SendAsync(s_tick, WebSocketMessageType.Text, true, CancellationToken.None);
                    }
                }
                else
                {
                    Received.Signal();
                }
            }
        }
    }
}
