using System.IO.Compression;
using System.Text;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>A compressed send cancelled while it waits for room (RFC 7692 §7.2.1: with context takeover both ends
/// share the compression history, so a message that was compressed but never sent breaks every later one).</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class CompressedSendCancellationTests
{
    private static WebSocketClientOptions Options => new() { EnableCompression = true, CloseTimeout = TimeSpan.FromSeconds(2) };

    [Test]
    public async Task With_context_takeover_a_cancelled_compressed_send_drops_the_connection_instead_of_desynchronizing_it()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(Options, "Sec-WebSocket-Extensions: permessage-deflate\r\n");
        await using (client)
        await using (peer)
        {
            using var cancel = new CancellationTokenSource();
            var blocked = await StuckSender.SendUntilStuckAsync(client, Incompressible(60_000), cancel.Token);
            await cancel.CancelAsync();
            Assert.That(async () => await blocked.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
            Assert.Multiple(() =>
            {
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
                Assert.That(client.CloseCode, Is.EqualTo(WebSocketCloseCodes.AbnormalClosure));
                Assert.That(client.CloseReason, Does.Contain("compress"));
            });
            Assert.That(async () => await client.SendAsync("after"u8.ToArray(), WebSocketMessageKind.Text), Throws.InstanceOf<WebSocketProtocolException>());
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
        }
    }

    [Test]
    public async Task Without_client_context_takeover_a_cancelled_compressed_send_leaves_the_connection_usable()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(Options, "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n");
        await using (client)
        await using (peer)
        {
            using var cancel = new CancellationTokenSource();
            var payload = Incompressible(60_000);
            var blocked = await StuckSender.SendUntilStuckAsync(client, payload, cancel.Token);
            await cancel.CancelAsync();
            Assert.That(async () => await blocked.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));

            var after = client.SendAsync("after"u8.ToArray(), WebSocketMessageKind.Text).AsTask();

            // Each message inflates on its own (a fresh raw DEFLATE stream, not the library's decoder): every queued one
            // is whole, and the one sent after the cancelled one is intact.
            while (true)
            {
                var frame = await peer.ReadFrameAsync() ?? throw new AssertionException("The client closed TCP.");
                Assert.That(frame.Rsv1, Is.True);
                var inflated = InflateAlone(frame.Payload);
                if (frame.Opcode == 0x1)
                {
                    Assert.That(Encoding.UTF8.GetString(inflated), Is.EqualTo("after"));
                    break;
                }

                Assert.That(inflated, Is.EqualTo(payload));
            }

            await after.WaitAsync(Patience);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
        }
    }

    private static byte[] Incompressible(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static byte[] InflateAlone(byte[] payload)
    {
        using var input = new MemoryStream([.. payload, 0x00, 0x00, 0xFF, 0xFF]);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }
}
