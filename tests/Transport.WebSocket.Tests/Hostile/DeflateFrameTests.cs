using System.Text;
using Tusk.Transport.WebSocket.Compression;
using Tusk.Transport.WebSocket.Tests.Compression;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>permessage-deflate framing from a hand-driven server (RFC 7692 §6–7).</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class DeflateFrameTests
{
    private const string DeflateAnswer = "Sec-WebSocket-Extensions: permessage-deflate\r\n";

    private static WebSocketClientOptions DeflateOptions(long maxMessageSize = WebSocketConnectionOptions.DefaultMaxMessageSize) =>
        new() { EnableCompression = true, CloseTimeout = TimeSpan.FromSeconds(2), MaxMessageSize = maxMessageSize };

    [Test]
    public async Task Receives_the_rfc7692_frames_including_a_fragmented_and_an_uncompressed_one()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(DeflateOptions(), DeflateAnswer);
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([
                0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00,
                0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00,
                0x41, 0x03, 0xf2, 0x48, 0xcd, 0x89, 0x00, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00,
                .. Text("plain"),
            ]);
            var texts = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
                texts.Add(message.GetText());
            }

            var pong = await peer.ReadFrameAsync();
            Assert.Multiple(() =>
            {
                Assert.That(client.IsCompressed, Is.True);
                Assert.That(texts, Is.EqualTo(new[] { "Hello", "Hello", "Hello", "plain" }));
                Assert.That(pong?.Opcode, Is.EqualTo(0xA));
            });
        }
    }

    [Test]
    public async Task A_final_block_with_context_takeover_loses_no_later_message()
    {
        // RFC 7692 §7.2.3.4 twice (the first message's data ends with a final block), then a message made only of a
        // reference back into the window (§7.2.3.2), one fragmented, and an uncompressed one. The server's answer
        // has no server_no_context_takeover, so the window carries over from message to message.
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(DeflateOptions(), DeflateAnswer);
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([
                0xc1, 0x08, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00,
                0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00,
                0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00,
                0x41, 0x03, 0xf3, 0x48, 0xcd, 0x80, 0x05, 0xc9, 0xc9, 0x07, 0x00, 0x00,
                0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00,
                .. Text("plain"),
            ]);
            var texts = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
                texts.Add(message.GetText());
            }

            Assert.Multiple(() =>
            {
                Assert.That(texts, Is.EqualTo(new[] { "Hello", "Hello", "Hello", "Hello", "Hello", "plain" }));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
            });
        }
    }

    [Test]
    public Task A_compressed_message_that_ends_inside_a_block_fails_with_1007() =>
        ExpectFailureAsync(Frame(0x2, [0x00, 0x0a, 0x00, 0xf5, 0xff, .. "Hello"u8], rsv: 4), 1007);

    [Test]
    public async Task Sends_compressed_messages_with_RSV1_on_the_first_frame()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(DeflateOptions(), DeflateAnswer);
        await using (client)
        await using (peer)
        {
            await client.SendTextAsync("Hello");
            await client.SendTextAsync("Hello");
            var first = await peer.ReadFrameAsync();
            var second = await peer.ReadFrameAsync();
            var inflater = new MessageInflater(resetPerMessage: false);
            var one = inflater.Inflate(first!.Payload, 100, out var oneLength)!;
            var two = inflater.Inflate(second!.Payload, 100, out var twoLength)!;
            Assert.Multiple(() =>
            {
                Assert.That(first.Rsv1 && second.Rsv1, Is.True);
                Assert.That(Encoding.UTF8.GetString(one, 0, oneLength), Is.EqualTo("Hello"));
                Assert.That(Encoding.UTF8.GetString(two, 0, twoLength), Is.EqualTo("Hello"));
                Assert.That(second.Payload, Has.Length.LessThan(first.Payload.Length), "the second message refers back to the first");
            });
        }
    }

    [Test]
    public Task RSV1_on_a_continuation_frame_fails_with_1002() =>
        ExpectFailureAsync([0x41, 0x03, 0xf2, 0x48, 0xcd, 0xc0, 0x04, 0xc9, 0xc9, 0x07, 0x00], 1002);

    [Test]
    public Task RSV1_on_a_ping_fails_with_1002() =>
        ExpectFailureAsync(Frame(0x9, [1], rsv: 4), 1002);

    [Test]
    public Task Corrupt_deflate_data_fails_with_1007() =>
        ExpectFailureAsync(Frame(0x2, [0xff, 0xff, 0xff, 0xff, 0xff], rsv: 4), 1007);

    [Test]
    public Task Compressed_text_that_is_not_utf8_fails_with_1007()
    {
        using var deflater = new MessageDeflater(noContextTakeover: true);
        return ExpectFailureAsync(Frame(0x1, deflater.Compress([0x41, 0xED, 0xA0, 0x80]).ToArray(), rsv: 4), 1007);
    }

    [Test]
    public Task Invalid_utf8_in_the_first_compressed_fragment_fails_before_the_message_ends()
    {
        using var deflater = new MessageDeflater(noContextTakeover: true);
        var text = RandomLetters(2000, seed: 3);
        text[0] = 0xFF;
        var compressed = deflater.Compress(text).ToArray();

        // Only the first half is ever sent: the client must not wait for the end to judge the text.
        return ExpectFailureAsync(Frame(0x1, compressed[..(compressed.Length / 2)], fin: false, rsv: 4), 1007);
    }

    [Test]
    public async Task Compressed_messages_split_at_arbitrary_points_inflate_whole_with_context_takeover()
    {
        using var deflater = new MessageDeflater(noContextTakeover: false);
        var first = RandomLetters(3000, seed: 5);
        var second = RandomLetters(3000, seed: 5)[..2500].Concat(Encoding.UTF8.GetBytes(" – ünïcödé ✓")).ToArray();
        var firstCompressed = deflater.Compress(first).ToArray();
        var secondCompressed = deflater.Compress(second).ToArray();
        var a = secondCompressed.Length / 3;
        var b = 2 * secondCompressed.Length / 3;

        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(DeflateOptions(), DeflateAnswer);
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([
                .. Frame(0x1, firstCompressed, rsv: 4),
                .. Frame(0x1, secondCompressed[..a], fin: false, rsv: 4),
                .. Frame(0x0, secondCompressed[a..b], fin: false),
                .. Frame(0x9, [7]),
                .. Frame(0x0, secondCompressed[b..]),
            ]);
            using var one = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            using var two = await client.ReceiveAsync().AsTask().WaitAsync(Patience);

            Assert.Multiple(() =>
            {
                Assert.That(one.GetText(), Is.EqualTo(Encoding.UTF8.GetString(first)));
                Assert.That(two.GetText(), Is.EqualTo(Encoding.UTF8.GetString(second)));
            });
        }
    }

    [Test]
    public Task A_small_message_inflating_past_the_limit_fails_with_1009()
    {
        using var deflater = new MessageDeflater(noContextTakeover: true);
        var bomb = deflater.Compress(new byte[5_000_000]).ToArray();
        return ExpectFailureAsync(Frame(0x2, bomb, rsv: 4), 1009, maxMessageSize: 1_000_000);
    }

    private static byte[] RandomLetters(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (byte)('a' + random.Next(26))).ToArray();
    }

    private static async Task ExpectFailureAsync(byte[] bytes, int code, long maxMessageSize = WebSocketConnectionOptions.DefaultMaxMessageSize)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(DeflateOptions(maxMessageSize), DeflateAnswer);
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            await peer.WriteAsync(bytes);
            var failure = await HostileAssert.FailsWithAsync<WebSocketProtocolException>(receive);
            var close = await peer.ReadUntilCloseAsync();
            Assert.Multiple(() =>
            {
                Assert.That(failure.CloseCode, Is.EqualTo(code), failure.Message);
                Assert.That(close?.CloseCode, Is.EqualTo(code));
            });
        }
    }
}
