using Tusk.Testing;
using Tusk.Transport.WebSocket.Connection;
using Tusk.Transport.WebSocket.Tests.Hostile;

namespace Tusk.Transport.WebSocket.Tests.Connection;

/// <summary>
/// Messages leave in the order their sends were called, also when the caller does not await each send and the writer's
/// buffer is full: a small message sent after one that waits for room, or after a large one written directly, queues
/// behind it instead of taking the room left in the buffer; a waiting send that is cancelled lets the ones behind it go.
/// </summary>
[Parallelizable(ParallelScope.Fixtures)]
public class SendOrderTests
{
    private const int Size = 60_000;

    [Test]
    public async Task Sends_that_are_not_awaited_leave_in_call_order_while_the_buffer_is_full()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var expected = new List<byte[]>();
            var pending = FillUntilASendWaits(client, expected);

            // Without awaiting the waiting send: a small message (room is left in the buffer for it), a large one
            // written directly (over the buffer's 64 KiB), and another small one.
            var later = new List<ValueTask> { pending };
            foreach (var payload in new[] { Payload(-1, 10), Payload(-2, FrameWriter.BufferSize + 1_000), Payload(-3, 10) })
            {
                expected.Add(payload);
                later.Add(client.SendAsync(payload, WebSocketMessageKind.Binary));
            }

            var reading = ReadAllAsync(peer, expected);
            foreach (var send in later)
            {
                await send.AsTask().WaitAsync(RawPeer.Patience);
            }

            await reading.WaitAsync(RawPeer.Patience);
        }
    }

    [Test]
    public async Task A_waiting_send_that_is_cancelled_lets_the_sends_behind_it_go()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var expected = new List<byte[]>();
            using var cancel = new CancellationTokenSource();
            var waiting = client.SendAsync(Payload(-1, Size), WebSocketMessageKind.Binary, cancel.Token);
            ValueTask pending;
            if (waiting.IsCompleted)
            {
                // The buffer still had room: fill it first, then queue the send to cancel behind the one that waits.
                expected.Add(Payload(-1, Size));
                pending = FillUntilASendWaits(client, expected);
                waiting = client.SendAsync(Payload(-4, Size), WebSocketMessageKind.Binary, cancel.Token);
            }
            else
            {
                pending = default;
            }

            var small = Payload(-5, 10);
            var behind = client.SendAsync(small, WebSocketMessageKind.Binary);
            Assert.That(behind.IsCompleted, Is.False, "the small send went ahead of a waiting one");

            await cancel.CancelAsync();
            Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
            expected.Add(small);

            var reading = ReadAllAsync(peer, expected);
            await pending.AsTask().WaitAsync(RawPeer.Patience);
            await behind.AsTask().WaitAsync(RawPeer.Patience);
            await reading.WaitAsync(RawPeer.Patience);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
        }
    }

    // Sends messages just under the writer's buffer while the peer does not read, until one has to wait for room.
    private static ValueTask FillUntilASendWaits(WebSocketConnection client, List<byte[]> sent)
    {
        const int bound = 2_000; // 120 MB: far more than loopback's socket buffers hold
        for (var i = 0; i < bound; i++)
        {
            var payload = Payload(sent.Count, Size);
            sent.Add(payload);
            var send = client.SendAsync(payload, WebSocketMessageKind.Binary);
            if (!send.IsCompleted)
            {
                return send;
            }
        }

        Assert.Fail($"the socket took all {bound} messages without filling up");
        return default;
    }

    private static Task ReadAllAsync(RawPeer peer, List<byte[]> expected) => Task.Run(async () =>
    {
        for (var i = 0; i < expected.Count; i++)
        {
            var frame = await peer.ReadFrameAsync();
            Assert.That(frame, Is.Not.Null, $"message {i}");
            Assert.That(Bytes.FirstDifference(frame!.Payload, expected[i]), Is.Null, $"message {i} of {expected.Count} (the order of the sends)");
        }
    });

    private static byte[] Payload(int index, int size)
    {
        var bytes = new byte[size];
        new Random(index).NextBytes(bytes);
        if (size >= 4)
        {
            BitConverter.TryWriteBytes(bytes, index);
        }

        return bytes;
    }
}
