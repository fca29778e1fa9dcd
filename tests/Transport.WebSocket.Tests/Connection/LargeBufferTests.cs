using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tusk.Testing;
using Tusk.Transport.WebSocket.Connection;
using Tusk.Transport.WebSocket.Tests.Hostile;

namespace Tusk.Transport.WebSocket.Tests.Connection;

/// <summary>
/// A large message's buffer is not handed to the shared array pool when the message is disposed (the pool would keep it
/// until memory pressure trims it): once disposed and collected, it is gone, so an idle connection after a big message
/// (or a fragment flood that made the buffer grow) holds what any idle connection holds.
/// </summary>
[Parallelizable(ParallelScope.Fixtures)]
public class LargeBufferTests
{
    [TestCase(1)]
    [TestCase(512)]
    public async Task The_buffer_of_a_large_fragmented_message_is_dropped_after_disposal(int fragments)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using var _ = client;
        await using var __ = peer;
        const int Size = 4 * 1024 * 1024;
        var part = new byte[Size / fragments];
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < fragments; i++)
            {
                await peer.WriteAsync(RawPeer.Frame(i == 0 ? 0x2 : 0x0, part, fin: i == fragments - 1));
            }
        });

        var buffer = await ReceiveAndDisposeAsync(client);
        await writing.WaitAsync(RawPeer.Patience);

        // Idle as a session is idle: the next receive waits for a header (the socket then reads into the small buffer).
        var next = client.ReceiveAsync().AsTask();

        Assert.That(await Collection.IsCollectedAsync(buffer), Is.True, "nothing (no pool) keeps the large buffer once the message is disposed");
        await peer.WriteAsync(RawPeer.Frame(0x2, [1, 2, 3], fin: true));
        using var small = await next.WaitAsync(RawPeer.Patience);
        Assert.That(small.Data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Detaching_a_large_message_hands_its_buffer_over_and_a_small_one_is_copied()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using var _ = client;
        await using var __ = peer;
        var large = new byte[BufferPool.MaxPooledLength + 1];
        large[^1] = 7;
        var writing = Task.Run(async () =>
        {
            await peer.WriteAsync(RawPeer.Frame(0x2, large));
            await peer.WriteAsync(RawPeer.Frame(0x2, [1, 2, 3]));
        });

        ReadOnlyMemory<byte> detachedLarge;
        using (var message = await client.ReceiveAsync().AsTask().WaitAsync(RawPeer.Patience))
        {
            Assert.That(MemoryMarshal.TryGetArray(message.Data, out var received), Is.True);
            detachedLarge = message.Detach();
            Assert.That(MemoryMarshal.TryGetArray(detachedLarge, out var handedOver) && handedOver.Array == received.Array, Is.True, "no copy");
            Assert.That(message.Data.IsEmpty, Is.True);
        }

        using (var message = await client.ReceiveAsync().AsTask().WaitAsync(RawPeer.Patience))
        {
            var small = message.Detach();
            Assert.That(small.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(MemoryMarshal.TryGetArray(small, out var copy) && copy.Array!.Length == 3, Is.True, "a copy of its own, not the pooled buffer");
            message.Dispose();
            Assert.Throws<ObjectDisposedException>(() => message.Detach());
        }

        await writing.WaitAsync(RawPeer.Patience);
        Assert.That(detachedLarge.Length, Is.EqualTo(large.Length));
        Assert.That(detachedLarge.Span[^1], Is.EqualTo(7), "still intact after the message was disposed");
    }

    [Test]
    public void Small_buffers_go_back_to_the_shared_pool_and_large_ones_are_plain_arrays()
    {
        var small = BufferPool.Rent(16 * 1024);
        var large = BufferPool.Rent(BufferPool.MaxPooledLength + 1);

        Assert.That(large, Has.Length.EqualTo(BufferPool.MaxPooledLength + 1), "not rounded up to a pool bucket");
        Assert.DoesNotThrow(() => BufferPool.Return(small));
        Assert.DoesNotThrow(() => BufferPool.Return(large), "a large buffer is simply dropped");
    }

    // Not inlined, so no reference to the message or its array stays in this frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ReceiveAndDisposeAsync(WebSocketConnection client)
    {
        using var message = await client.ReceiveAsync().AsTask().WaitAsync(RawPeer.Patience);
        Assert.That(message.Data.Length, Is.EqualTo(4 * 1024 * 1024));
        Assert.That(MemoryMarshal.TryGetArray(message.Data, out var segment), Is.True);
        return new WeakReference(segment.Array);
    }
}
