using System.Buffers;
using System.Text;
using Tusk.EngineIO.Protocol;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// <see cref="EngineIoClientOptions.ReuseReceiveBuffers"/> (issue 21, the Socket.IO client's receive path): the
/// WebSocket transport receives text messages into pooled arrays that the client takes back when its reader asks for
/// the next message. A buffer given back too early, or handed out twice, shows as a corrupted message: many messages of
/// sizes around the pooling limit (64 KiB) and the transport's reused-list limit (4 KiB), with multi-byte text, must each
/// arrive whole. Without the option a message owns its bytes for as long as the application keeps it.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ReuseReceiveBuffersTests
{
    private static readonly int[] Sizes = [1, 2, 17, 100, 117, 1000, 4095, 4096, 4097, 10_000, 65_534, 65_535, 65_536, 65_537, 70_000, 3, 128, 129];

    private static string Text(int size, int seed)
    {
        // Mixed one- to four-byte UTF-8, cut to exactly `size` characters of varying content.
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789é€😀";
        var builder = new StringBuilder(size);
        var i = seed;
        while (builder.Length < size)
        {
            var c = Alphabet[i++ % Alphabet.Length];
            if (char.IsHighSurrogate(c))
            {
                if (builder.Length + 2 > size)
                {
                    builder.Append('x');
                    continue;
                }

                builder.Append(c).Append(Alphabet[i++ % Alphabet.Length]);
            }
            else if (!char.IsLowSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    [Test]
    public async Task With_the_option_every_message_arrives_whole_while_its_buffers_are_reused()
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"], ReuseReceiveBuffers = true });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var sent = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            foreach (var size in Sizes)
            {
                var text = Text(size, sent.Count);
                sent.Add(text);
                await client.SendAsync(text);
            }
        }

        // Pipelined: later messages are received (into pooled arrays) while earlier ones wait in the queue.
        for (var i = 0; i < sent.Count; i++)
        {
            var message = await client.ReceiveMessageAsync();
            Assert.That(message.TryGetUtf8Text(out var utf8), Is.True);
            Assert.That(Encoding.UTF8.GetString(utf8.Span), Is.EqualTo(sent[i]), $"message {i} ({sent[i].Length} characters)");
        }
    }

    [Test]
    public async Task With_the_option_ReadAllAsync_yields_every_message_whole()
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"], ReuseReceiveBuffers = true });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var sent = Sizes.Select((size, i) => Text(size, i)).ToList();
        foreach (var text in sent)
        {
            await client.SendAsync(text);
        }

        var received = new List<string?>();
        await foreach (var message in client.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            received.Add(message.Text);
            if (received.Count == sent.Count)
            {
                break;
            }
        }

        Assert.That(received, Is.EqualTo(sent));
    }

    [TestCase("websocket")]
    [TestCase("polling")]
    public async Task Without_the_option_messages_kept_across_later_receives_stay_intact(string transport)
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport], Upgrade = false });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var sent = Sizes.Select((size, i) => Text(size, i)).ToList();
        foreach (var text in sent)
        {
            await client.SendAsync(text);
        }

        var kept = new List<EngineIoMessage>();
        for (var i = 0; i < sent.Count; i++)
        {
            kept.Add(await client.ReceiveMessageAsync());
        }

        Assert.That(kept.Select(m => m.TryGetUtf8Text(out var utf8) ? Encoding.UTF8.GetString(utf8.Span) : m.Text), Is.EqualTo(sent));
    }

    [Test]
    public void A_pooled_decode_copies_the_message_into_a_pooled_array_and_allocates_nothing_per_message()
    {
        var frame = Encoding.UTF8.GetBytes("42[\"msg\",{\"id\":1234567,\"user\":\"ada.lovelace\"}]");
        for (var i = 0; i < 100; i++)
        {
            Return(PacketCodec.DecodeTextUtf8Pooled(frame, EngineIoVersion.V4));
        }

        const int Messages = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Messages; i++)
        {
            Return(PacketCodec.DecodeTextUtf8Pooled(frame, EngineIoVersion.V4));
        }

        var perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Messages;
        var packet = PacketCodec.DecodeTextUtf8Pooled(frame, EngineIoVersion.V4);

        Assert.That(perMessage, Is.LessThan(1), "a copy per message into a new array costs 70 B or more");
        Assert.That(packet.IsPooled, Is.True);
        Assert.That(packet.Text, Is.EqualTo("2[\"msg\",{\"id\":1234567,\"user\":\"ada.lovelace\"}]"));
        Assert.That(PacketCodec.DecodeTextUtf8Pooled("2"u8, EngineIoVersion.V4), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping)), "only messages are pooled");
        Assert.That(PacketCodec.DecodeTextUtf8Pooled("2"u8, EngineIoVersion.V4).IsPooled, Is.False);
        Return(packet);
    }

    // No assertion here: it runs in the measured loop (a failed lookup throws instead).
    private static void Return(EngineIoPacket packet)
    {
        if (!packet.TryGetUtf8Text(out var utf8) || !System.Runtime.InteropServices.MemoryMarshal.TryGetArray(utf8, out var segment))
        {
            throw new InvalidOperationException("The packet holds no pooled array.");
        }

        ArrayPool<byte>.Shared.Return(segment.Array!);
    }
}
