using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// <see cref="AckCompletionQueue"/>, how the client completes answered acks by default: off the completing (receive)
/// thread, in arrival order, answers that wait behind a running continuation sharing its thread-pool work item; a
/// continuation that blocks hands the queue to another work item once nothing moved for
/// <see cref="AckCompletionQueue.StallAfter"/> (a fake clock moves it here), so it cannot deadlock on a later ack.
/// </summary>
public class AckCompletionQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly SocketIoJson Json = new();

    [Test]
    public async Task Answers_that_wait_behind_a_running_continuation_complete_in_its_work_item_in_arrival_order()
    {
        var clock = new FakeClock();
        var queue = new AckCompletionQueue(clock);
        var table = new AckTable(completions: queue);
        using var gate = new ManualResetEventSlim();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<(long Id, int Thread, bool OnThreadPool)>();

        // The first continuation holds its work item until the others are queued behind it.
        var first = table.Register(table.NextId()).ContinueWith(
            _ =>
            {
                running.TrySetResult();
                gate.Wait(Bound);
                Record(order, 0);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var rest = Enumerable.Range(1, 20).Select(_ => table.NextId()).Select(id => table.Register(id).ContinueWith(
            _ => Record(order, id), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)).ToArray();

        Assert.That(table.TryComplete(0, Ack(0)), Is.True);
        await running.Task.WaitAsync(Bound);
        var completing = Environment.CurrentManagedThreadId;
        for (var id = 1; id <= 20; id++)
        {
            Assert.That(table.TryComplete(id, Ack(id)), Is.True);
        }

        gate.Set();
        await Task.WhenAll(rest.Append(first)).WaitAsync(Bound);

        Assert.Multiple(() =>
        {
            Assert.That(order.Select(o => o.Id), Is.EqualTo(Enumerable.Range(0, 21).Select(i => (long)i)), "completion order");
            Assert.That(order.Select(o => o.Thread).Distinct().Count(), Is.EqualTo(1), "answers that waited behind the first shared its thread");
            Assert.That(order.Select(o => o.Thread), Has.None.EqualTo(completing), "a continuation ran on the completing thread");
            Assert.That(order.Select(o => o.OnThreadPool), Is.All.True);
            Assert.That(queue.WorkItemsQueued, Is.EqualTo(1), "thread-pool work items for 21 answers");
        });
    }

    [Test]
    public async Task A_continuation_that_blocks_on_a_later_ack_gets_it_from_another_work_item_after_StallAfter()
    {
        var clock = new FakeClock();
        var queue = new AckCompletionQueue(clock);
        var table = new AckTable(completions: queue);
        var firstId = table.NextId();
        var laterId = table.NextId();
        var first = table.Register(firstId);
        var later = table.Register(laterId);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Sync-over-async in an ack's continuation: it waits for an ack that is answered after it started.
        var blocked = first.ContinueWith(
            _ =>
            {
                running.TrySetResult();
                return later.Wait(Bound) ? later.Result.GetValue<int>() : -1;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        table.TryComplete(firstId, Ack(1));
        await running.Task.WaitAsync(Bound);
        table.TryComplete(laterId, Ack(2));

        // The later answer waits behind the blocked continuation until the watch finds that nothing moved.
        await clock.AdvanceWhenArmedAsync(AckCompletionQueue.StallAfter, Bound);

        Assert.That(await blocked.WaitAsync(Bound), Is.EqualTo(2));
        Assert.That(queue.WorkItemsQueued, Is.EqualTo(2));
    }

    [Test]
    public async Task The_watch_adds_no_work_item_while_the_queue_moves()
    {
        var clock = new FakeClock();
        var queue = new AckCompletionQueue(clock);
        var table = new AckTable(completions: queue);
        using var gate = new ManualResetEventSlim();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = table.Register(table.NextId()).ContinueWith(
            _ =>
            {
                running.TrySetResult();
                gate.Wait(Bound);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var second = table.Register(table.NextId());

        table.TryComplete(0, Ack(0));
        await running.Task.WaitAsync(Bound);
        table.TryComplete(1, Ack(1));
        await clock.WhenArmedAsync(AckCompletionQueue.StallAfter).WaitAsync(Bound);

        // The first continuation returns and its work item completes the second: the queue moved, and the watch,
        // firing after that, leaves it alone.
        gate.Set();
        await Task.WhenAll(first, second).WaitAsync(Bound);
        clock.Advance(AckCompletionQueue.StallAfter);

        Assert.That(queue.WorkItemsQueued, Is.EqualTo(1));
    }

    [TestCase("Fail")]
    [TestCase("FailSent")]
    [TestCase("FailAll")]
    public async Task A_failed_ack_fails_through_the_queue_off_the_failing_thread(string how)
    {
        var queue = new AckCompletionQueue(new FakeClock());
        var table = new AckTable(completions: queue);
        var pending = table.Register(table.NextId());
        table.MarkSent(0);
        var observed = pending.ContinueWith(_ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var error = new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportClose);

        switch (how)
        {
            case "Fail":
                table.Fail(0, error);
                break;
            case "FailSent":
                table.FailSent(error);
                break;
            default:
                table.FailAll(error);
                break;
        }

        // The calling thread stays busy (no await) until the continuation has run, so it cannot have run here.
        Assert.That(observed.Wait(Bound), Is.True);
        Assert.That(observed.Result, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That((await pending.ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default)), Is.SameAs(error));
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void An_answer_completes_off_the_completing_thread()
    {
        var queue = new AckCompletionQueue(new FakeClock());
        var table = new AckTable(completions: queue);
        var observed = table.Register(table.NextId()).ContinueWith(_ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        table.TryComplete(0, Ack(7));

        Assert.That(observed.Wait(Bound), Is.True);
        Assert.That(observed.Result, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
    }

    private static void Record(List<(long Id, int Thread, bool OnThreadPool)> order, long id)
    {
        lock (order)
        {
            order.Add((id, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
        }
    }

    private static SocketIoAck Ack(long value) => new(SocketIoJson.DecodeArguments($"[{value}]", []), Json);
}
