using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Text validation on the wire (RFC 6455 §8.1): invalid text fails with 1007, and as soon as the bad
/// bytes arrive, not at the end of the message.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class Utf8ConnectionTests
{
    private static readonly byte[] s_invalid = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64];

    [Test]
    public Task Invalid_text_in_one_frame_fails_with_1007() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x1, s_invalid), 1007);

    [Test]
    public Task Invalid_text_sent_one_byte_per_write_fails_with_1007() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x1, s_invalid), 1007, chop: 1);

    [Test]
    public Task Text_ending_inside_a_code_point_fails_with_1007() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x1, [0x41, 0xE2, 0x82]), 1007);

    [Test]
    public Task A_lone_continuation_byte_fails_with_1007() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x1, [0x41, 0x80, 0x41]), 1007);

    [Test]
    public async Task Invalid_bytes_in_a_middle_fragment_fail_before_the_message_ends()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            await peer.WriteAsync(Frame(0x1, s_invalid[..11], fin: false));
            await peer.WriteAsync(Frame(0x0, s_invalid[11..14], fin: false));

            // The rest of the message is never sent: the client must fail on what it has.
            var close = await peer.ReadUntilCloseAsync();
            var failure = await HostileAssert.FailsWithAsync<WebSocketProtocolException>(receive);
            Assert.Multiple(() =>
            {
                Assert.That(close?.CloseCode, Is.EqualTo(1007));
                Assert.That(failure.CloseCode, Is.EqualTo(1007));
            });
        }
    }

    [Test]
    public async Task Invalid_bytes_early_in_one_large_frame_fail_before_the_frame_completes()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            var whole = Frame(0x1, [.. s_invalid, .. new byte[1000]]);

            // Header plus the first 14 payload bytes, which already hold the surrogate ED A0 80.
            await peer.WriteAsync(whole[..(4 + 14)]);
            var close = await peer.ReadUntilCloseAsync();
            Assert.That(close?.CloseCode, Is.EqualTo(1007));
            Assert.That((await HostileAssert.FailsWithAsync<WebSocketProtocolException>(receive)).CloseCode, Is.EqualTo(1007));
        }
    }

    [Test]
    public async Task Valid_text_split_inside_code_points_across_fragments_is_delivered()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var bytes = "κόσμε \U0001F600"u8.ToArray();
            await peer.WriteAsync([.. Frame(0x1, bytes[..1], fin: false), .. Frame(0x0, bytes[1..8], fin: false), .. Frame(0x0, bytes[8..^2], fin: false), .. Frame(0x0, bytes[^2..])]);
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.That(message.GetText(), Is.EqualTo("κόσμε \U0001F600"));
        }
    }
}
