using System.Text;
using Tusk.Testing;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>What the client puts on the wire: masked, whole, ordered frames, even with many senders at once.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class SendTests
{
    [Test]
    public async Task Concurrent_senders_never_interleave_frames_and_keep_their_own_order()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            const int senders = 8;
            const int perSender = 300;
            var sending = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
            {
                for (var i = 0; i < perSender; i++)
                {
                    // Sizes vary across the 7-bit, 16-bit and 64-bit (direct write) length encodings.
                    var size = (i % 7) switch { 0 => 70_000, 1 => 300, _ => 20 };
                    var body = Encoding.ASCII.GetBytes($"{s}:{i}:".PadRight(size, 'x'));
                    if (i % 2 == 0)
                    {
                        await client.SendAsync(body, WebSocketMessageKind.Binary);
                    }
                    else
                    {
                        await client.SendTextAsync(Encoding.ASCII.GetString(body));
                    }
                }
            })).ToArray();

            var next = new int[senders];
            var keys = new HashSet<int>();
            for (var n = 0; n < senders * perSender; n++)
            {
                var frame = await peer.ReadFrameAsync();
                Assert.That(frame, Is.Not.Null);
                Assert.That(frame!.Fin && frame.Masked && frame.MaskKey != 0, Is.True);
                keys.Add(frame.MaskKey);
                var parts = Encoding.ASCII.GetString(frame.Payload).Split(':');
                var sender = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                var index = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(index, Is.EqualTo(next[sender]), $"sender {sender}");
                Assert.That(frame.Opcode, Is.EqualTo(index % 2 == 0 ? 0x2 : 0x1));
                Assert.That(parts[2].Trim('x'), Is.Empty);
                next[sender]++;
            }

            await Task.WhenAll(sending).WaitAsync(RawPeer.Patience);
            Assert.That(keys, Has.Count.GreaterThan(senders * perSender - 5));
        }
    }

    [Test]
    public async Task Senders_that_pause_between_sends_mix_inline_and_coalesced_writes_without_loss_or_reordering()
    {
        // Yielding between sends leaves the writer idle now and then, so some sends write inline on the caller's
        // thread while others queue behind them (and behind direct writes of large frames).
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            const int senders = 6;
            const int perSender = 200;
            var sending = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
            {
                for (var i = 0; i < perSender; i++)
                {
                    var size = ((i + s) % 5) switch { 0 => 66_000, 1 => 4_000, 2 => 130, _ => 12 };
                    await client.SendAsync(Encoding.ASCII.GetBytes($"{s}:{i}:".PadRight(size, (char)('a' + s))), WebSocketMessageKind.Binary);
                    for (var y = (i * 7 + s) % 3; y > 0; y--)
                    {
                        await Task.Yield();
                    }
                }
            })).ToArray();

            var next = new int[senders];
            for (var n = 0; n < senders * perSender; n++)
            {
                var frame = await peer.ReadFrameAsync();
                Assert.That(frame, Is.Not.Null);
                var parts = Encoding.ASCII.GetString(frame!.Payload).Split(':');
                var sender = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                var index = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(index, Is.EqualTo(next[sender]), $"sender {sender}");
                Assert.That(parts[2].Trim((char)('a' + sender)), Is.Empty, $"sender {sender} message {index} is corrupt");
                next[sender]++;
            }

            await Task.WhenAll(sending).WaitAsync(RawPeer.Patience);
        }
    }

    [TestCase(0)]
    [TestCase(125)]
    [TestCase(126)]
    [TestCase(65535)]
    [TestCase(65536)]
    [TestCase(1_000_003)]
    public async Task A_binary_message_of_any_length_arrives_intact(int length)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var payload = new byte[length];
            new Random(length).NextBytes(payload);
            var sending = client.SendAsync(payload, WebSocketMessageKind.Binary).AsTask();
            var frame = await peer.ReadFrameAsync();
            await sending.WaitAsync(RawPeer.Patience);
            Assert.Multiple(() =>
            {
                Assert.That(frame?.Opcode, Is.EqualTo(0x2));
                Assert.That(frame, Is.Not.Null);
                Assert.That(Bytes.FirstDifference(frame!.Payload, payload), Is.Null);
            });
        }
    }

    [Test]
    public async Task Sending_a_close_kind_is_refused()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            Assert.That(async () => await client.SendAsync(new byte[1], WebSocketMessageKind.Close), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
