using Microsoft.Extensions.Time.Testing;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Keep-alive against a server that completes the handshake and then neither reads nor sends.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class KeepAliveStallTests
{
    [Test]
    public async Task Keep_alive_drops_a_server_that_reads_nothing_even_when_the_send_buffer_has_no_room_for_the_ping()
    {
        await using var server = new HostileServer();
        var time = new FakeTimeProvider();
        var options = new WebSocketClientOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };
        var (client, peer) = await server.ConnectAsync(options);
        await using (client)
        await using (peer)
        {
            // 1,016-byte messages make 1,024-byte frames: 64 of them fill the 64 KiB send buffer to the last byte, so
            // not even a 14-byte ping fits once the socket stops taking data.
            var blocked = await StuckSender.SendUntilStuckAsync(client, new byte[1016], CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(20));
            time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open), "still within the keep-alive timeout");
            time.Advance(TimeSpan.FromMilliseconds(1));

            var failure = await HostileAssert.FailsWithAsync<WebSocketProtocolException>(blocked);
            Assert.Multiple(() =>
            {
                Assert.That(failure.Message, Does.Contain("pong"));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
                Assert.That(client.CloseCode, Is.EqualTo(WebSocketCloseCodes.AbnormalClosure));
            });
        }
    }

    [Test]
    public async Task The_keep_alive_ping_is_queued_when_due_even_while_data_fills_the_send_buffer()
    {
        await using var server = new HostileServer();
        var time = new FakeTimeProvider();
        var options = new WebSocketClientOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };
        var (client, peer) = await server.ConnectAsync(options);
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();

            // As above: without room kept for it, the buffer would be full to the last byte when the ping is due.
            var blocked = await StuckSender.SendUntilStuckAsync(client, new byte[1016], CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(20));

            // The clock stops here, so no later keep-alive tick can retry: the ping must have been queued when due. A
            // slow server that reads again finds it behind the data and answers it.
            ClientFrame? frame;
            do
            {
                frame = await peer.ReadFrameAsync();
            }
            while (frame is not null && frame.Opcode != 0x9);

            Assert.That(frame?.Opcode, Is.EqualTo(0x9), "the keep-alive ping reached the server");
            await blocked.WaitAsync(Patience);
            await peer.WriteAsync([.. Frame(0xA, frame!.Payload), .. Text("after pong")]);
            using var message = await receive.WaitAsync(Patience);
            time.Advance(TimeSpan.FromSeconds(10));
            Assert.Multiple(() =>
            {
                Assert.That(message.GetText(), Is.EqualTo("after pong"));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
            });
        }
    }
}
