using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>A server that announces a huge frame and sends only a few bytes of it must not make the client allocate
/// what it announced: receive buffers grow with the bytes that arrive.</summary>
/// <remarks>Measured with the process-wide allocation counter, so these tests run alone (no other test allocates
/// meanwhile); the bound is far below the announced sizes and far above what the client really needs.</remarks>
[NonParallelizable]
public class AnnouncedLengthMemoryTests
{
    private const long Announced = 256L * 1024 * 1024;
    private const long Bound = 32L * 1024 * 1024;

    private static WebSocketClientOptions Options(bool compression) =>
        new() { MaxMessageSize = 2 * Announced, EnableCompression = compression, CloseTimeout = TimeSpan.FromSeconds(2) };

    [TestCase(true, TestName = "A_final_frame_announcing_256_MiB_and_sending_10_bytes_allocates_far_less")]
    [TestCase(false, TestName = "A_non_final_frame_announcing_256_MiB_and_sending_10_bytes_allocates_far_less_and_never_past_the_message_limit")]
    public async Task Uncompressed(bool fin)
    {
        var allocated = await AllocatedWhileReceivingAsync(Frame(0x2, new byte[10], fin, forcedLength: Announced), compression: false);
        Assert.That(allocated, Is.LessThan(Bound));
    }

    [Test]
    public async Task A_compressed_frame_announcing_256_MiB_and_sending_10_bytes_allocates_far_less()
    {
        var allocated = await AllocatedWhileReceivingAsync(Frame(0x2, new byte[10], rsv: 4, forcedLength: Announced), compression: true);
        Assert.That(allocated, Is.LessThan(Bound));
    }

    /// <returns>Bytes allocated by the whole process from the frame's arrival until the receive failed.</returns>
    private static async Task<long> AllocatedWhileReceivingAsync(byte[] frameStart, bool compression)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(Options(compression), compression ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "");
        await using (client)
        {
            long before;
            await using (peer)
            {
                before = GC.GetTotalAllocatedBytes(precise: true);
                var receive = client.ReceiveAsync().AsTask();
                await peer.WriteAsync(frameStart);

                // The server then ends TCP inside the frame: the receive fails once the client has read what came.
                await peer.DisposeAsync();
                await HostileAssert.FailsWithAsync<WebSocketProtocolException>(receive);
            }

            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }
    }
}
