using System.Text.Json;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// How an answered ack resumes its caller with default options (issue 21): the code after
/// <c>await EmitWithAckAsync</c> runs on the thread pool, never on the receive loop's thread (the runtime's socket
/// thread under the default inline socket completions), in the order the answers arrived; a continuation that blocks,
/// even on a later ack, neither stalls receiving nor deadlocks; failures and timeouts still complete. socket.io 4 over
/// WebSocket.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class AckCompletionTests
{
    private static readonly SioTarget Target = new(4, "websocket");

    [Test]
    public async Task Pipelined_acks_resume_their_callers_off_the_socket_thread_in_arrival_order()
    {
        // A clock that never moves: the stall watch never hands the queue to a second work item, so the order seen is
        // the queue's alone, however slowly this machine runs the continuations.
        var clock = new FakeClock();
        var client = Target.Client(await Target.ServerAsync(), o => o.TimeProvider = clock);
        await using var _ = client;
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var order = new List<int>();
        var offThreadPool = 0;

        async Task EmitAsync(int topic)
        {
            var ack = await socket.EmitWithAckAsync("subscribe", topic).ConfigureAwait(false);

            // The answers come back in emit order; each continuation records where and when it ran.
            lock (order)
            {
                order.Add(ack.GetValue<JsonElement>().GetProperty("topic").GetInt32());
                offThreadPool += Thread.CurrentThread.IsThreadPoolThread ? 0 : 1;
            }
        }

        const int Count = 300;
        await Task.WhenAll(Enumerable.Range(0, Count).Select(EmitAsync)).WaitAsync(SioTarget.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(offThreadPool, Is.Zero, "continuations that ran outside the thread pool (on the socket thread)");
            Assert.That(order, Is.EqualTo(Enumerable.Range(0, Count)), "the order in which the callers resumed");
        });
    }

    [Test]
    public async Task Answers_that_arrive_while_an_ack_continuation_runs_resume_after_it_on_its_thread()
    {
        // A clock that never moves: the stall watch never hands the queue to a second work item.
        var clock = new FakeClock();
        var client = Target.Client(await Target.ServerAsync(), o => o.TimeProvider = clock);
        await using var _ = client;
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        using var gate = new ManualResetEventSlim();
        var running = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(() => BlockInAnAckContinuationAsync(socket, running, gate));
        var firstThread = await running.Task.WaitAsync(SioTarget.Timeout);

        async Task<(int Thread, bool WhileFirstRan)> EmitAsync(int topic)
        {
            await socket.EmitWithAckAsync("subscribe", topic).ConfigureAwait(false);
            return (Environment.CurrentManagedThreadId, !gate.IsSet);
        }

        var later = Enumerable.Range(1, 20).Select(EmitAsync).ToArray();

        // The server answers in order: once this event is here, so are the twenty answers before it.
        var marker = socket.WaitAsync("test-recv-ack", SioTarget.Timeout);
        await socket.EmitAsync("test-recv-ack").WaitAsync(SioTarget.Timeout);
        await marker;
        gate.Set();
        await first.WaitAsync(SioTarget.Timeout);
        var resumed = await Task.WhenAll(later).WaitAsync(SioTarget.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Count(r => r.WhileFirstRan), Is.Zero, "callers resumed while an earlier ack's continuation still ran");
            Assert.That(resumed.Select(r => r.Thread), Is.All.EqualTo(firstThread), "callers resumed on other threads (one work item each)");
        });
    }

    // Runs a continuation of an answered ack that blocks until the gate opens, on the thread that completes acks. An
    // answer can arrive before its continuation is registered (the emitting thread preempted on a loaded machine); the
    // continuation then runs at once on the registering thread, outside the completion queue, and proves nothing: that
    // attempt is dropped and another ack is emitted.
    private static async Task BlockInAnAckContinuationAsync(SocketIoSocket socket, TaskCompletionSource<int> running, ManualResetEventSlim gate)
    {
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            var registeringThread = Environment.CurrentManagedThreadId;
            var registering = true;
            var ranAtRegistration = false;
            var ack = socket.EmitWithAckAsync("subscribe", 0);
            var continuation = ack.ContinueWith(
                _ =>
                {
                    if (Volatile.Read(ref registering) && Environment.CurrentManagedThreadId == registeringThread)
                    {
                        ranAtRegistration = true;
                        return;
                    }

                    running.TrySetResult(Environment.CurrentManagedThreadId);
                    gate.Wait(SioTarget.Timeout);
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            Volatile.Write(ref registering, false);
            await continuation.WaitAsync(SioTarget.Timeout).ConfigureAwait(false);
            if (!ranAtRegistration)
            {
                return;
            }
        }

        running.TrySetException(new InvalidOperationException("every ack was answered before its continuation was registered"));
    }

    [Test]
    public async Task A_continuation_that_blocks_on_later_acks_neither_stalls_receiving_nor_deadlocks()
    {
        var client = Target.Client(await Target.ServerAsync());
        await using var _ = client;
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // Sync-over-async after an await of an ack, on the thread that completes acks: the later acks arrive through the
        // receive loop and queue behind this very continuation, so another work item must take them (after
        // AckCompletionQueue.StallAfter of no progress), and meanwhile events keep arriving.
        var first = await socket.EmitWithAckAsync("subscribe", 0).WaitAsync(SioTarget.Timeout).ConfigureAwait(false);
        var blockedOnThreadPool = Thread.CurrentThread.IsThreadPoolThread;
        var later = Enumerable.Range(1, 50).Select(i => socket.EmitWithAckAsync("subscribe", i)).ToArray();
        var request = socket.WaitAsync("test-recv-ack", SioTarget.Timeout);
        socket.EmitAsync("test-recv-ack").Wait(SioTarget.Timeout);
        var received = request.Wait(SioTarget.Timeout);
        var answered = Task.WhenAll(later).Wait(SioTarget.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(first.GetValue<JsonElement>().GetProperty("topic").GetInt32(), Is.Zero);
            Assert.That(blockedOnThreadPool, Is.True, "the continuation ran outside the thread pool (on the socket thread)");
            Assert.That(received, Is.True, "an event did not arrive while an ack continuation blocked");
            Assert.That(answered, Is.True, "acks answered after a blocked continuation never completed");
            Assert.That(later.Select(t => t.Result.GetValue<JsonElement>().GetProperty("topic").GetInt32()), Is.EqualTo(Enumerable.Range(1, 50)));
        });
    }

    [Test]
    public async Task An_unanswered_ack_still_times_out_and_a_pending_one_fails_when_the_client_is_disposed()
    {
        var clock = new FakeClock();
        var client = Target.Client(await Target.ServerAsync(), o => o.TimeProvider = clock);
        var socket = client.Of("/error-handling");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // The server only listens on this namespace: nothing is ever answered.
        var timedOut = socket.EmitWithAckAsync("nobody-answers", [1], new SocketIoEmitOptions { Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5), SioTarget.Timeout);
        Assert.That(async () => await timedOut.WaitAsync(SioTarget.Timeout), Throws.InstanceOf<SocketIoAckTimeoutException>());

        var pending = socket.EmitWithAckAsync("nobody-answers", 2);
        await client.DisposeAsync().AsTask().WaitAsync(SioTarget.Timeout);
        Assert.That(async () => await pending.WaitAsync(SioTarget.Timeout), Throws.InstanceOf<SocketIoDisconnectedException>());
    }
}
