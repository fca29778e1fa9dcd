using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Tests.Connection;

/// <summary>
/// What a connection keeps for its whole life is what an idle connection costs (issue 21: 100,000 connections in one
/// machine). Allocations are counted on the creating thread, which is exact: creating a connection starts no read and
/// its writer loop waits without another thread.
/// </summary>
public class IdleFootprintTests
{
    [Test]
    public async Task A_new_connection_keeps_no_block_of_mask_key_bytes_of_its_own()
    {
        // Warm up: the first connection on a thread fills that thread's mask key block and JIT-compiles the paths.
        var warm = WebSocketConnection.Create(new IdleStream());
        await warm.SendTextAsync("x");
        warm.Abort();
        await warm.DisposeAsync();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var connection = WebSocketConnection.Create(new IdleStream());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        connection.Abort();
        await connection.DisposeAsync();

        // 1,632 bytes on 2026-12-06; a 4 KiB block of random bytes per connection (the mask keys of its frames) made
        // it 5,752.
        Assert.That(allocated, Is.LessThan(3 * 1024));
    }

    [Test]
    public async Task With_the_null_logger_factory_a_connection_makes_no_logger_object()
    {
        var none = new WebSocketConnectionOptions { LoggerFactory = NullLoggerFactory.Instance };
        var real = new WebSocketConnectionOptions { LoggerFactory = new OneLoggerFactory() };
        await CreateAndDisposeAsync(none);
        await CreateAndDisposeAsync(real);

        // A Logger<T> (and its category name) per connection, kept for its life, even around the null logger.
        Assert.That(await CreateAndDisposeAsync(none), Is.LessThan(await CreateAndDisposeAsync(real)));
    }

    private static async Task<long> CreateAndDisposeAsync(WebSocketConnectionOptions options)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var connection = WebSocketConnection.Create(new IdleStream(), options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        connection.Abort();
        await connection.DisposeAsync();
        return allocated;
    }

    [Test]
    public void Mask_keys_drawn_on_several_threads_at_once_are_non_zero_and_distinct()
    {
        const int PerThread = 5_000;
        var keys = new int[4][];
        Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = keys.Length }, t =>
        {
            var drawn = new int[PerThread];
            for (var i = 0; i < PerThread; i++)
            {
                drawn[i] = MaskKeySource.Next();
            }

            keys[t] = drawn;
        });

        var all = keys.SelectMany(k => k).ToArray();
        // 20,000 draws from 2^32 values collide with probability about 5%; allow two collisions.
        Assert.Multiple(() =>
        {
            Assert.That(all, Does.Not.Contain(0));
            Assert.That(all.Distinct().Count(), Is.GreaterThanOrEqualTo(all.Length - 2));
        });
    }

    /// <summary>A logger factory that makes nothing: what a connection allocates with it is its Logger&lt;T&gt;.</summary>
    private sealed class OneLoggerFactory : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>A stream whose reads never complete (until cancelled) and whose writes are dropped.</summary>
    private sealed class IdleStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
