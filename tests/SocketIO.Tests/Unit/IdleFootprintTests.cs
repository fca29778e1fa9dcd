using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// What a socket keeps for its whole life is what an idle connection costs (issue 21: 100,000 connections in one
/// machine): the handler queue and the ack table start empty. Allocations are counted on the creating thread, which is
/// exact.
/// </summary>
public class IdleFootprintTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_new_handler_dispatcher_allocates_no_queue_segment_up_front()
    {
        await new HandlerDispatcher(NullLogger.Instance).DisposeAsync();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var dispatcher = new HandlerDispatcher(NullLogger.Instance);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await dispatcher.DisposeAsync();

        // 248 bytes on 2026-12-06; a ConcurrentQueue made it 1,504 (its first 32-slot segment, kept for life).
        Assert.That(allocated, Is.LessThan(600));
    }

    [Test]
    public void An_ack_table_that_never_registered_an_ack_allocates_no_dictionary()
    {
        _ = new AckTable();
        var disconnected = new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportClose);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var table = new AckTable();
        _ = table.NextId();
        table.MarkSent(0);
        table.Remove(0);
        table.FailSent(disconnected);
        table.FailAll(disconnected);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 56 bytes (the table itself) on 2026-12-06; a dictionary created with the table made it 688.
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.Zero);
            Assert.That(table.TryComplete(0, new SocketIoAck(SocketIoJson.DecodeArguments("[1]", []), new SocketIoJson())), Is.False);
            Assert.That(allocated, Is.LessThan(200));
        });
    }

    [Test]
    public void A_reconnection_policy_allocates_itself_only()
    {
        _ = new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0.5, int.MaxValue);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0.5, int.MaxValue);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 56 bytes on 2026-12-06; the Random.Shared.NextDouble delegate made per policy made it 120.
        Assert.That(allocated, Is.LessThan(100));
    }

    [Test]
    public void Without_a_logger_factory_the_legacy_session_factory_makes_no_logger_object()
    {
        var uri = new Uri("http://localhost:3000");
        var (none, real) = (new SocketIoClientOptions(), new SocketIoClientOptions { LoggerFactory = new OneLoggerFactory() });
        long Create(SocketIoClientOptions options)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = new LegacySessionFactory(uri, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Create(none);
        Create(real);

        // A Logger<T> (and its category name) per client, kept for its life, even around the null logger.
        Assert.That(Create(none), Is.LessThan(Create(real)));
    }

    /// <summary>A logger factory that makes nothing: what a factory allocates with it is its Logger&lt;T&gt;.</summary>
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

    [Test]
    public async Task Acks_registered_from_several_threads_at_once_all_complete()
    {
        var table = new AckTable();
        var ids = Enumerable.Range(0, 8).Select(_ => table.NextId()).ToArray();
        using var start = new ManualResetEventSlim();
        var pending = new Task<SocketIoAck>[ids.Length];
        var registering = ids.Select((id, i) => Task.Run(() =>
        {
            start.Wait(Timeout);
            pending[i] = table.Register(id);
        })).ToArray();
        start.Set();
        await Task.WhenAll(registering).WaitAsync(Timeout);

        Assert.That(table.Count, Is.EqualTo(ids.Length), "a racing first registration lost an entry");
        foreach (var id in ids)
        {
            Assert.That(table.TryComplete(id, new SocketIoAck(SocketIoJson.DecodeArguments($"[{id}]", []), new SocketIoJson())), Is.True);
        }

        var values = await Task.WhenAll(pending).WaitAsync(Timeout);
        Assert.That(values.Select(v => v.GetValue<long>()), Is.EqualTo(ids));
    }

    [Test]
    public async Task Callbacks_posted_from_several_threads_at_once_each_run_once()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance);
        const int PerThread = 2_000;
        var runs = new int[4 * PerThread];
        var remaining = runs.Length;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var slot = t * PerThread + i;
                Assert.That(dispatcher.Post(() =>
                {
                    Interlocked.Increment(ref runs[slot]);
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        done.TrySetResult();
                    }

                    return Task.CompletedTask;
                }), Is.True);
            }
        }))).WaitAsync(Timeout);

        await done.Task.WaitAsync(Timeout);
        Assert.That(runs, Is.All.EqualTo(1));
    }
}
