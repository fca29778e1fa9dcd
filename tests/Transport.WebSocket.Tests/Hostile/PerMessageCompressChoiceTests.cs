using System.Text;
using Tusk.Transport.WebSocket.Compression;
using Tusk.Transport.WebSocket.Tests.Compression;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>The per-message choice of <see cref="WebSocketConnection.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageKind, bool, CancellationToken)"/> (RFC 7692 §6: RSV1 per message).</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class PerMessageCompressChoiceTests
{
    private const string DeflateAnswer = "Sec-WebSocket-Extensions: permessage-deflate\r\n";

    [Test]
    public async Task Compress_false_sends_the_bytes_as_they_are_and_leaves_the_deflate_context_alone()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { EnableCompression = true, CloseTimeout = TimeSpan.FromSeconds(2) }, DeflateAnswer);
        await using (client)
        await using (peer)
        {
            await client.SendAsync("Hello"u8.ToArray(), WebSocketMessageKind.Text, compress: true);
            await client.SendAsync("Hello"u8.ToArray(), WebSocketMessageKind.Text, compress: false);
            await client.SendAsync("Hello"u8.ToArray(), WebSocketMessageKind.Binary, compress: true);
            var first = await peer.ReadFrameAsync();
            var plain = await peer.ReadFrameAsync();
            var third = await peer.ReadFrameAsync();

            // The peer inflates only the RSV1 messages, in one context: the third must refer back to the first.
            var inflater = new MessageInflater(resetPerMessage: false);
            var one = inflater.Inflate(first!.Payload, 100, out var oneLength)!;
            var three = inflater.Inflate(third!.Payload, 100, out var threeLength)!;
            Assert.Multiple(() =>
            {
                Assert.That(first.Rsv1, Is.True);
                Assert.That(first.Payload, Is.EqualTo(new byte[] { 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00 }), "RFC 7692 §7.2.3.1");
                Assert.That(plain!.Rsv1, Is.False);
                Assert.That(Encoding.UTF8.GetString(plain.Payload), Is.EqualTo("Hello"));
                Assert.That(third.Rsv1, Is.True);
                Assert.That(third.Opcode, Is.EqualTo(0x2));
                Assert.That(third.Payload, Is.EqualTo(new byte[] { 0xf2, 0x00, 0x11, 0x00, 0x00 }), "RFC 7692 §7.2.3.2: the uncompressed message left the window as it was");
                Assert.That(Encoding.UTF8.GetString(one, 0, oneLength) + Encoding.UTF8.GetString(three, 0, threeLength), Is.EqualTo("HelloHello"));
            });
        }
    }

    [Test]
    public async Task Compress_true_without_the_extension_sends_uncompressed()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { CloseTimeout = TimeSpan.FromSeconds(2) }, string.Empty);
        await using (client)
        await using (peer)
        {
            await client.SendAsync("Hello"u8.ToArray(), WebSocketMessageKind.Text, compress: true);
            var frame = await peer.ReadFrameAsync();

            Assert.That(client.IsCompressed, Is.False);
            Assert.That(frame!.Rsv1, Is.False);
            Assert.That(Encoding.UTF8.GetString(frame.Payload), Is.EqualTo("Hello"));
        }
    }
}
