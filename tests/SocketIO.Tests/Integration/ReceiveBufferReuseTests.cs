using System.Text;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// Issue 21's receive path reuses buffers: the WebSocket transport receives a text message into a pooled array that
/// the session gives back once it asks for the next message, and the default decoder reuses one packet object. A buffer
/// given back too early, or a packet overwritten while in use, shows as corrupted arguments. Many events of varying
/// sizes (around the 4 KiB and 64 KiB limits of the transport, multi-byte text), binary attachments between them
/// (a header waits for its attachments while later messages arrive), in namespaces and with acks, are echoed by a real
/// server; every event is kept by the application until the end and must still read exactly as it was sent. Over
/// WebSocket and polling, on socket.io 4 (protocol v5) and 2 (protocol v4, Engine.IO 3).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ReceiveBufferReuseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly int[] Sizes = [0, 1, 5, 100, 110, 1000, 4000, 4096, 5000, 20_000, 65_500, 65_536, 70_000, 2, 300];

    private static string Text(int size, int seed)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzé€ü\"\\0123456789";
        var builder = new StringBuilder(size);
        for (var i = 0; i < size; i++)
        {
            builder.Append(Alphabet[(i * 7 + seed) % Alphabet.Length]);
        }

        return builder.ToString();
    }

    private static byte[] Bytes(int size, int seed) => Enumerable.Range(0, size).Select(i => (byte)((i * 31) + seed)).ToArray();

    [TestCase("sio-v4", "websocket", "/")]
    [TestCase("sio-v4", "websocket", "/admin")]
    [TestCase("sio-v4", "polling", "/")]
    [TestCase("sio-v2", "websocket", "/")]
    [TestCase("sio-v2", "polling", "/admin")]
    public async Task Events_kept_across_later_receives_read_exactly_as_sent(string module, string transport, string nsp)
    {
        var server = await TestServers.GetSharedAsync(module);
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions
        {
            Protocol = module == "sio-v2" ? SocketIoProtocol.V4 : SocketIoProtocol.V5,
            Transports = [transport],
            Upgrade = false,
            Reconnection = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        var socket = nsp == "/" ? client : client.Of(nsp);
        var expected = new List<(string Text, int Number, byte[]? Binary)>();
        // engine.io 3.6 (socket.io 2.5) takes POSTs of up to 1 MB and its handshake does not say so (no maxPayload), so
        // a polling client cannot size its batches to it: there the events stay small enough for any batch.
        var sizes = module == "sio-v2" && transport == "polling" ? Sizes.Where(s => s <= 5000).ToArray() : Sizes;
        for (var round = 0; round < 3; round++)
        {
            foreach (var size in sizes)
            {
                var n = expected.Count;
                expected.Add((Text(size, n), n, n % 4 == 3 ? Bytes(size % 3000, n) : null));
            }
        }

        var kept = new List<SocketIoEvent>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("echo", e =>
        {
            lock (kept)
            {
                kept.Add(e);
                if (kept.Count == expected.Count)
                {
                    all.TrySetResult();
                }
            }
        });
        await socket.ConnectAsync().WaitAsync(Timeout);

        // Pipelined, so later messages arrive while earlier ones are decoded; every fourth carries an attachment.
        var sends = expected.Select(m => m.Binary is null
            ? socket.EmitAsync("echo", m.Text, m.Number, new { nested = m.Text })
            : socket.EmitAsync("echo", m.Text, m.Number, new { nested = m.Text, data = m.Binary })).ToList();
        await Task.WhenAll(sends).WaitAsync(Timeout);
        var acked = await socket.EmitWithAckAsync("ack-echo", expected[^3].Text, expected[^3].Number).WaitAsync(Timeout);
        await all.Task.WaitAsync(Timeout);

        Assert.That(acked.GetValue<string>(0), Is.EqualTo(expected[^3].Text));
        Assert.That(kept, Has.Count.EqualTo(expected.Count));
        for (var i = 0; i < kept.Count; i++)
        {
            var (text, number, binary) = expected[i];
            var e = kept[i];
            Assert.That(e.Count, Is.EqualTo(3), $"event {i}");
            Assert.That(e.GetValue<string>(0), Is.EqualTo(text), $"event {i}: {text.Length} characters");
            Assert.That(e.GetValue<int>(1), Is.EqualTo(number), $"event {i}");
            var nested = e.GetJson(2);
            Assert.That(nested.GetProperty("nested").GetString(), Is.EqualTo(text), $"event {i}");
            if (binary is not null)
            {
                Assert.That(nested.GetProperty("data").GetBytesFromBase64(), Is.EqualTo(binary), $"event {i}'s attachment");
                Assert.That(e.Attachments, Has.Count.EqualTo(1));
            }
            else
            {
                Assert.That(nested.TryGetProperty("data", out _), Is.False);
            }
        }
    }

    [TestCase("websocket")]
    [TestCase("polling")]
    public async Task Single_argument_events_keep_their_value_and_list_it_in_Values(string transport)
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Transports = [transport], Upgrade = false, Reconnection = false });
        var kept = new List<SocketIoEvent>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("echo", e =>
        {
            lock (kept)
            {
                kept.Add(e);
                if (kept.Count == 40)
                {
                    all.TrySetResult();
                }
            }
        });
        await client.ConnectAsync().WaitAsync(Timeout);
        for (var i = 0; i < 40; i++)
        {
            await client.EmitAsync("echo", i % 2 == 0 ? Text(i * 100, i) : new { id = i, text = Text(i * 50, i) }).WaitAsync(Timeout);
        }

        await all.Task.WaitAsync(Timeout);
        for (var i = 0; i < 40; i++)
        {
            var e = kept[i];
            Assert.That(e.Count, Is.EqualTo(1));
            Assert.That(e.Values, Has.Count.EqualTo(1));
            Assert.That(e.Values[0].GetRawText(), Is.EqualTo(e.GetJson(0).GetRawText()));
            Assert.That(ReferenceEquals(e.Values, e.Values), Is.True, "the list is made once");
            Assert.That(() => e.GetJson(1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            if (i % 2 == 0)
            {
                Assert.That(e.GetValue<string>(), Is.EqualTo(Text(i * 100, i)));
            }
            else
            {
                Assert.That(e.GetJson(0).GetProperty("id").GetInt32(), Is.EqualTo(i));
                Assert.That(e.GetJson(0).GetProperty("text").GetString(), Is.EqualTo(Text(i * 50, i)));
            }

            Assert.That(e.ToString(), Is.EqualTo("[" + e.GetJson(0).GetRawText() + "]"));
        }
    }
}
