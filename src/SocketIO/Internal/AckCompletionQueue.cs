namespace Tusk.SocketIO.Internal;

/// <summary>
/// Completes the acks of one connection off its receive loop: answered acks (and failed ones) are queued in arrival
/// order and a thread-pool work item that exists only while the queue has work completes them one after another, so
/// the code after each <c>await EmitWithAckAsync</c> runs there, on a thread-pool thread, never on the receive loop's
/// thread (the socket engine's thread with inline socket completions). Pipelined acks that arrive while that work item
/// runs join it instead of queueing one work item each (issue 21: the thread-pool hop per answered ack, measured in
/// benchmarks/README.md).
/// </summary>
/// <remarks>
/// <para>
/// Continuations run in arrival order, one at a time, as long as each returns promptly. One that blocks (a long
/// computation, a <c>Wait()</c> on another ack) must not hold up the acks queued behind it for long, nor deadlock when
/// it waits for one of them: a timer, armed while completions wait behind a running one, finds when none started for
/// <see cref="StallAfter"/>, and then another work item takes the queue over (the blocked continuation finishes on its
/// own thread when it can). Order then holds within each work item.
/// </para>
/// <para>Thread safety: any thread may queue; the queue's state is kept under a lock held only to move one item.</para>
/// </remarks>
internal sealed class AckCompletionQueue : IThreadPoolWorkItem
{
    /// <summary>How long the queue may make no progress, with completions waiting, before another work item takes it over.</summary>
    internal static readonly TimeSpan StallAfter = TimeSpan.FromMilliseconds(10);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // Created with the first completion: an idle connection keeps only this object and its lock (issue 21's scale target).
    private Queue<Item>? _queue;
    private ITimer? _watch;
    private bool _watchArmed;

    // Work items queued or running; completions started so far, and that count when the watch was armed.
    private int _runners;
    private long _started;
    private long _startedAtWatch;

    public AckCompletionQueue(TimeProvider timeProvider)
    {
        _time = timeProvider;
    }

    /// <summary>Work items this queue has put on the thread pool (for tests: answers that arrive together share one).</summary>
    internal long WorkItemsQueued { get; private set; }

    /// <summary>Queues <paramref name="completion"/> to complete with <paramref name="ack"/>.</summary>
    public void Complete(TaskCompletionSource<SocketIoAck> completion, SocketIoAck ack) => Enqueue(new Item(completion, ack, null));

    /// <summary>Queues <paramref name="completion"/> to fail with <paramref name="exception"/>.</summary>
    public void Fail(TaskCompletionSource<SocketIoAck> completion, Exception exception) => Enqueue(new Item(completion, null, exception));

    private void Enqueue(Item item)
    {
        bool schedule;
        var arm = false;
        lock (_lock)
        {
            (_queue ??= new Queue<Item>()).Enqueue(item);
            schedule = _runners == 0;
            if (schedule)
            {
                _runners = 1;
                WorkItemsQueued++;
            }
            else if (!_watchArmed)
            {
                // The completion waits behind a running one: watch that the queue keeps moving while completions wait.
                _watchArmed = arm = true;
                _startedAtWatch = _started;
            }
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        else if (arm)
        {
            Arm();
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            Item item;
            lock (_lock)
            {
                if (!_queue!.TryDequeue(out item))
                {
                    _runners--;
                    return;
                }

                _started++;
            }

            // Continuations of the awaiting code run here, synchronously (the task was created without
            // RunContinuationsAsynchronously), each in the execution context it captured.
            if (item.Exception is { } exception)
            {
                item.Completion.TrySetException(exception);
            }
            else
            {
                item.Completion.TrySetResult(item.Ack!);
            }
        }
    }

    private void Arm()
    {
        if (_watch is null)
        {
            // Created on a thread that may carry the application's execution context; the callback needs none.
            ITimer watch;
            using (ExecutionContext.SuppressFlow())
            {
                watch = _time.CreateTimer(static state => ((AckCompletionQueue)state!).OnWatch(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            if (Interlocked.CompareExchange(ref _watch, watch, null) is not null)
            {
                watch.Dispose();
            }
        }

        _watch!.Change(StallAfter, Timeout.InfiniteTimeSpan);
    }

    // StallAfter after a completion was queued behind a running one: if no completion started since, the work items
    // are stuck in continuations and another takes the queue over; while completions wait, watch again.
    private void OnWatch()
    {
        var schedule = false;
        lock (_lock)
        {
            if (_queue is not { Count: > 0 })
            {
                _watchArmed = false;
                return;
            }

            if (_started == _startedAtWatch)
            {
                _runners++;
                WorkItemsQueued++;
                schedule = true;
            }

            _startedAtWatch = _started;
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        _watch!.Change(StallAfter, Timeout.InfiniteTimeSpan);
    }

    private readonly record struct Item(TaskCompletionSource<SocketIoAck> Completion, SocketIoAck? Ack, Exception? Exception);
}
