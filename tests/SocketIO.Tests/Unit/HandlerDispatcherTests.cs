using Microsoft.Extensions.Logging.Abstractions;
using Tusk.SocketIO.Internal;

namespace Tusk.SocketIO.Tests.Unit;

public class HandlerDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Callbacks_run_one_at_a_time_in_the_order_they_were_posted()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance);
        var order = new List<int>();
        var running = 0;
        var overlapped = false;
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        for (var i = 0; i < 1000; i++)
        {
            var n = i;
            dispatcher.Post(() =>
            {
                overlapped |= Interlocked.Increment(ref running) != 1;
                order.Add(n);
                Interlocked.Decrement(ref running);
                if (n == 999)
                {
                    last.TrySetResult();
                }

                return Task.CompletedTask;
            });
        }

        await last.Task.WaitAsync(Timeout);
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 1000)));
        Assert.That(overlapped, Is.False);
    }

    [Test]
    public async Task Held_wake_ups_queue_without_scheduling_and_release_runs_everything_in_order()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance);
        var order = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        dispatcher.HoldWakes();
        for (var i = 0; i < 10; i++)
        {
            var n = i;
            dispatcher.Post(() =>
            {
                order.Add(n);
                if (n == 9)
                {
                    done.TrySetResult();
                }

                return Task.CompletedTask;
            });
        }

        var scheduledWhileHeld = dispatcher.RunnerScheduled;
        dispatcher.ReleaseWakes();
        await done.Task.WaitAsync(Timeout);

        Assert.That(scheduledWhileHeld, Is.False);
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 10)));
    }

    [Test]
    public async Task A_held_batch_larger_than_the_wake_threshold_runs_without_a_release()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance, capacity: 1000);
        var ran = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        dispatcher.HoldWakes();
        var accepted = 0;
        for (var i = 0; i < 1000; i++)
        {
            accepted += dispatcher.Post(() =>
            {
                if (Interlocked.Increment(ref ran) == 1000)
                {
                    all.TrySetResult();
                }

                return Task.CompletedTask;
            }) ? 1 : 0;
        }

        // A long-polling response may carry more events than the queue holds; none may be dropped for being held.
        await all.Task.WaitAsync(Timeout);
        Assert.That(accepted, Is.EqualTo(1000));
    }

    [Test]
    public async Task A_full_queue_drops_the_callback_and_says_so()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance, capacity: 2);
        dispatcher.HoldWakes();

        var accepted = new[] { Post(dispatcher), Post(dispatcher), Post(dispatcher) };

        Assert.That(accepted, Is.EqualTo(new[] { true, true, false }));

        static bool Post(HandlerDispatcher dispatcher) => dispatcher.Post(() => Task.CompletedTask);
    }

    [Test]
    public async Task Dispose_runs_what_was_queued_even_while_held_and_later_posts_are_refused()
    {
        var dispatcher = new HandlerDispatcher(NullLogger.Instance);
        var ran = 0;
        dispatcher.HoldWakes();
        for (var i = 0; i < 5; i++)
        {
            dispatcher.Post(() =>
            {
                Interlocked.Increment(ref ran);
                return Task.CompletedTask;
            });
        }

        await dispatcher.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.That(ran, Is.EqualTo(5));
        Assert.That(dispatcher.Post(() => Task.CompletedTask), Is.False);
    }

    [Test]
    public async Task A_throwing_or_awaiting_handler_does_not_stop_the_queue()
    {
        var logs = new CapturingLoggerProvider();
        await using var dispatcher = new HandlerDispatcher(logs.CreateLogger("test"));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var after = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        dispatcher.Post(() => throw new InvalidOperationException("sync"));
        dispatcher.Post(async () =>
        {
            await gate.Task;
            throw new InvalidOperationException("async");
        });
        dispatcher.Post(() =>
        {
            after.TrySetResult();
            return Task.CompletedTask;
        });

        await after.Task.WaitAsync(Timeout);
        gate.SetResult();
        await dispatcher.DisposeAsync();

        Assert.That(logs.Entries.Count(e => e.Name == "HandlerFailed"), Is.GreaterThanOrEqualTo(1));
        Assert.That(logs.Entries.Select(e => e.Error?.Message), Does.Contain("sync"));
    }

    [Test]
    public async Task Posts_from_many_threads_all_run_once_each_in_each_thread_order()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance);
        const int Threads = 4;
        const int PerThread = 2000;
        var seen = new List<(int Thread, int N)>();
        var remaining = Threads * PerThread;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var n = 0; n < PerThread; n++)
            {
                var (thread, number) = (t, n);
                while (!dispatcher.Post(() =>
                {
                    seen.Add((thread, number));
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        all.TrySetResult();
                    }

                    return Task.CompletedTask;
                }))
                {
                }
            }
        })));

        await all.Task.WaitAsync(Timeout);
        Assert.That(seen, Has.Count.EqualTo(Threads * PerThread));
        for (var t = 0; t < Threads; t++)
        {
            Assert.That(seen.Where(s => s.Thread == t).Select(s => s.N), Is.EqualTo(Enumerable.Range(0, PerThread)));
        }
    }
}
