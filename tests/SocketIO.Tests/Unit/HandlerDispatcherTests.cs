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
    public async Task A_full_queue_still_takes_every_callback_and_says_it_is_full()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance, capacity: 2);
        var ran = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.HoldWakes();

        var accepted = new[] { Post(), Post(), Post() };

        Assert.That(accepted, Is.EqualTo(new[] { true, true, true }), "nothing is dropped (a Disconnected raise among them)");
        Assert.That(dispatcher.IsFull, Is.True, "the receive loop is told to wait");
        await dispatcher.WaitForRoomAsync(CancellationToken.None).WaitAsync(Timeout);
        await all.Task.WaitAsync(Timeout);
        Assert.That(dispatcher.IsFull, Is.False);

        bool Post() => dispatcher.Post(() =>
        {
            if (Interlocked.Increment(ref ran) == 3)
            {
                all.TrySetResult();
            }

            return Task.CompletedTask;
        });
    }

    [Test]
    public async Task Events_past_the_byte_bound_make_the_receive_loop_wait_until_a_handler_has_taken_one()
    {
        await using var dispatcher = new HandlerDispatcher(NullLogger.Instance, maxBytes: 100);
        using var gate = new ManualResetEventSlim();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new List<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Handler(SocketIoEvent e)
        {
            if (e.Name == "a")
            {
                first.TrySetResult();
                gate.Wait(Timeout); // a slow synchronous handler
            }

            lock (handled)
            {
                handled.Add(e.Name);
                if (handled.Count == 3)
                {
                    all.TrySetResult();
                }
            }

            return Task.CompletedTask;
        }

        dispatcher.Post(Handler, Event("a"), 60);
        await first.Task.WaitAsync(Timeout);
        dispatcher.Post(Handler, Event("b"), 60);
        Assert.That(dispatcher.IsFull, Is.False, "60 bytes wait");
        dispatcher.Post(Handler, Event("c"), 60);
        Assert.That(dispatcher.IsFull, Is.True, "120 bytes wait");
        Assert.That(dispatcher.QueuedBytes, Is.EqualTo(120));

        var room = dispatcher.WaitForRoomAsync(CancellationToken.None);
        Assert.That(room.IsCompleted, Is.False, "no room while the handler runs");
        gate.Set();
        await room.WaitAsync(Timeout);
        await all.Task.WaitAsync(Timeout);

        Assert.That(handled, Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(dispatcher.QueuedBytes, Is.Zero);

        static SocketIoEvent Event(string name) => new(name, []);
    }

    [Test]
    public async Task Disposing_ends_a_wait_for_room()
    {
        var dispatcher = new HandlerDispatcher(NullLogger.Instance, capacity: 1);
        using var gate = new ManualResetEventSlim();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dispatcher.Post(() =>
        {
            running.TrySetResult();
            gate.Wait(Timeout);
            return Task.CompletedTask;
        });
        await running.Task.WaitAsync(Timeout);
        dispatcher.Post(() => Task.CompletedTask);
        dispatcher.Post(() => Task.CompletedTask);
        var room = dispatcher.WaitForRoomAsync(CancellationToken.None);
        Assert.That(room.IsCompleted, Is.False);

        var disposing = dispatcher.DisposeAsync();
        await room.WaitAsync(Timeout);
        gate.Set();
        await disposing.AsTask().WaitAsync(Timeout);
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
