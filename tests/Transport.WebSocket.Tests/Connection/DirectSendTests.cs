using Tusk.Testing;
using Tusk.Transport.WebSocket.Handshake;
using Tusk.Transport.WebSocket.Tests.Hostile;

namespace Tusk.Transport.WebSocket.Tests.Connection;

/// <summary>
/// Over a plain TCP connection of its own, the frame writer sends a message that finds it idle with one non-blocking
/// send on the socket, and writes what the socket would not take at once through the stream: a full socket buffer
/// neither blocks the sender nor loses, reorders or cuts a byte.
/// </summary>
[Parallelizable(ParallelScope.Fixtures)]
public class DirectSendTests
{
    [Test]
    public async Task The_connection_of_a_plain_ws_uri_sends_on_its_socket_in_non_blocking_mode()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var stream = (TcpNetworkStream)typeof(WebSocketConnection)
                .GetField("_stream", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
                .GetValue(client)!;
            Assert.That(stream.Socket.Blocking, Is.False, "the writer took the socket for direct sends");

            await client.SendTextAsync("hello");
            var frame = await peer.ReadFrameAsync();
            Assert.That(frame!.Opcode, Is.EqualTo(0x1));
            Assert.That(System.Text.Encoding.UTF8.GetString(frame.Payload), Is.EqualTo("hello"));
        }
    }

    [Test]
    public async Task Messages_sent_while_the_peer_does_not_read_arrive_whole_and_in_order_once_it_reads()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            // Messages just under the writer's buffer, so every one goes through it (none is a direct large write).
            const int size = 60_000;
            const int bound = 2_000; // 120 MB: far more than loopback's socket buffers hold
            var sent = 0;
            ValueTask pending = default;
            while (sent < bound)
            {
                pending = client.SendAsync(Payload(sent, size), WebSocketMessageKind.Binary);
                sent++;
                if (!pending.IsCompleted)
                {
                    // The socket stopped taking bytes: a send was partial (the rest went to an asynchronous write) and
                    // the writer's buffer then filled behind it.
                    break;
                }
            }

            Assert.That(pending.IsCompleted, Is.False, $"the socket took all {bound} messages without filling up");

            // The peer now reads everything.
            var reading = Task.Run(async () =>
            {
                for (var i = 0; i < sent; i++)
                {
                    var frame = await peer.ReadFrameAsync();
                    Assert.That(frame, Is.Not.Null, $"message {i}");
                    Assert.That(frame!.Masked && frame.Fin && frame.Opcode == 0x2, Is.True);
                    Assert.That(Bytes.FirstDifference(frame.Payload, Payload(i, size)), Is.Null, $"message {i} of {sent}");
                }
            });
            await pending.AsTask().WaitAsync(RawPeer.Patience);
            await reading.WaitAsync(RawPeer.Patience);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
        }
    }

    private static byte[] Payload(int index, int size)
    {
        var bytes = new byte[size];
        new Random(index).NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes, index);
        return bytes;
    }
}
