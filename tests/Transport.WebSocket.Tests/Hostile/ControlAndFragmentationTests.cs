using System.Text;
using Tusk.Testing;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Fragmented messages and the control frames that may come between fragments (RFC 6455 §5.4–5.5).</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class ControlAndFragmentationTests
{
    [Test]
    public async Task A_ping_is_answered_with_an_identical_pong()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var payload = Enumerable.Range(0, 125).Select(i => (byte)i).ToArray();
            var receive = client.ReceiveAsync().AsTask();
            await peer.WriteAsync(Frame(0x9, payload));
            var pong = await peer.ReadFrameAsync();
            Assert.Multiple(() =>
            {
                Assert.That(pong?.Opcode, Is.EqualTo(0xA));
                Assert.That(pong?.Payload, Is.EqualTo(payload));
                Assert.That(pong?.Masked, Is.True);
            });
            await peer.WriteAsync(Text("after"));
            using var message = await receive.WaitAsync(Patience);
            Assert.That(message.GetText(), Is.EqualTo("after"));
        }
    }

    [Test]
    public async Task A_ping_between_fragments_is_answered_before_the_message_completes()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            await peer.WriteAsync([.. Text("frag", fin: false), .. Frame(0x9, "mid"u8.ToArray())]);
            var pong = await peer.ReadFrameAsync();
            Assert.That(pong?.Payload, Is.EqualTo("mid"u8.ToArray()));
            Assert.That(receive.IsCompleted, Is.False);
            await peer.WriteAsync([.. Frame(0x0, "ment"u8.ToArray(), fin: false), .. Frame(0x0, "ed"u8.ToArray())]);
            using var message = await receive.WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Text));
                Assert.That(message.GetText(), Is.EqualTo("fragmented"));
            });
        }
    }

    [Test]
    public async Task An_unsolicited_pong_is_ignored()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([.. Frame(0xA, "unasked"u8.ToArray()), .. Frame(0x2, [9, 8, 7])]);
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Binary));
                Assert.That(message.Data.ToArray(), Is.EqualTo(new byte[] { 9, 8, 7 }));
            });
        }
    }

    [Test]
    public async Task A_message_sent_one_byte_per_write_is_reassembled()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            await peer.WriteChoppedAsync([.. Text("chop", fin: false), .. Frame(0x9, [1]), .. Frame(0x0, "ped"u8.ToArray())], 1);
            using var message = await receive.WaitAsync(Patience);
            Assert.That(message.GetText(), Is.EqualTo("chopped"));
        }
    }

    [Test]
    public async Task Empty_fragments_and_empty_messages_are_delivered()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([.. Frame(0x1, [], fin: false), .. Frame(0x0, [], fin: false), .. Frame(0x0, []), .. Frame(0x2, [])]);
            using var text = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            using var binary = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That((text.Kind, text.Data.Length), Is.EqualTo((WebSocketMessageKind.Text, 0)));
                Assert.That((binary.Kind, binary.Data.Length), Is.EqualTo((WebSocketMessageKind.Binary, 0)));
            });
        }
    }

    [Test]
    public async Task A_large_fragmented_message_streams_into_caller_memory_in_parts()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var payload = new byte[300_000];
            new Random(3).NextBytes(payload);
            var send = peer.WriteAsync([.. Frame(0x2, payload[..100_000], fin: false), .. Frame(0x9, []), .. Frame(0x0, payload[100_000..])]);
            var received = new MemoryStream();
            var buffer = new byte[8192];
            var parts = 0;
            while (true)
            {
                var result = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience);
                Assert.That(result.Kind, Is.EqualTo(WebSocketMessageKind.Binary));
                received.Write(buffer, 0, result.Count);
                parts++;
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            await send;
            Assert.Multiple(() =>
            {
                Assert.That(Bytes.FirstDifference(received.ToArray(), payload), Is.Null);
                Assert.That(parts, Is.GreaterThan(1));
            });
        }
    }

    [Test]
    public async Task A_second_concurrent_receive_is_refused()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var first = client.ReceiveAsync().AsTask();
            Assert.That(async () => await client.ReceiveAsync(), Throws.InvalidOperationException);
            await peer.WriteAsync(Text("one"));
            using var message = await first.WaitAsync(Patience);
            Assert.That(message.GetText(), Is.EqualTo("one"));
        }
    }

    [Test]
    public async Task Many_messages_in_one_write_are_all_delivered_in_order()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var bytes = Enumerable.Range(0, 500).SelectMany(i => Text(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            await peer.WriteAsync(bytes);
            var texts = new List<string>();
            for (var i = 0; i < 500; i++)
            {
                using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
                texts.Add(Encoding.UTF8.GetString(message.Data.Span));
            }

            Assert.That(texts, Is.EqualTo(Enumerable.Range(0, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
    }
}
