using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// Runs user callbacks off the receive loop, one at a time in arrival order (like the JS emitter): a handler's
/// synchronous part finishes before the next starts, while its awaits do not block the queue, so a handler that
/// awaits an ack or another event cannot deadlock. Exceptions are logged, never propagated.
/// </summary>
/// <remarks>
/// A queue drained by a thread-pool work item that exists only while there is work, rather than a loop that waits on
/// a channel: the receive loop can then queue a whole long-polling batch and wake the handler thread once
/// (<see cref="HoldWakes"/> / <see cref="ReleaseWakes"/>), where a waiting reader would be woken per event.
/// </remarks>
internal sealed partial class HandlerDispatcher : IThreadPoolWorkItem, IAsyncDisposable
{
    // A held batch still wakes the handler thread once this many callbacks wait: a long-polling response can carry
    // far more events than the queue holds, and handlers should not lag a large batch by its whole length.
    private const int WakeAnywayAt = 128;

    // A Queue under a lock rather than a ConcurrentQueue: the ConcurrentQueue allocates a 32-slot segment (about
    // 1.3 KiB) when it is created, which every connection kept for its whole life even if no event ever came, while
    // this one starts empty and grows to the largest backlog it sees (issue 21's scale target). Both sides hold the lock
    // only to move one item.
    private readonly Queue<WorkItem> _queue = new();
    private readonly Lock _queueLock = new();
    private readonly ILogger _logger;
    private readonly int _capacity;

    // Handlers run in the execution context the dispatcher was created in, as they did when it was a long-lived loop.
    private readonly ExecutionContext? _context = ExecutionContext.Capture();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _count;
    private int _scheduled;
    private int _holding;
    private int _disposed;

    public HandlerDispatcher(ILogger logger, int capacity = 65536)
    {
        _logger = logger;
        _capacity = capacity;
    }

    /// <summary>Whether a work item to run the queue is queued or running (for tests of the held wake-ups).</summary>
    internal bool RunnerScheduled => Volatile.Read(ref _scheduled) != 0;

    /// <summary>Queues a callback; false if the queue is full or the dispatcher disposed (the callback is dropped).</summary>
    public bool Post(Func<Task> callback) => Enqueue(new WorkItem(callback, null, null));

    /// <summary>Queues an event handler with its event, without a closure per call; false if the queue is full.</summary>
    public bool Post(Func<SocketIoEvent, Task> handler, SocketIoEvent received) => Enqueue(new WorkItem(null, handler, received));

    /// <summary>
    /// Queued callbacks wait, without waking the handler thread, until <see cref="ReleaseWakes"/> or until
    /// <see cref="WakeAnywayAt"/> of them wait. Only the receive loop calls this, inside a batch whose remaining packets
    /// follow at once, so the wait is bounded by that batch.
    /// </summary>
    public void HoldWakes() => Volatile.Write(ref _holding, 1);

    /// <summary>Ends <see cref="HoldWakes"/> and wakes the handler thread if anything is queued.</summary>
    public void ReleaseWakes()
    {
        // Called for every packet over WebSocket, where nothing is ever held: then every Post has scheduled itself.
        if (Volatile.Read(ref _holding) == 0)
        {
            return;
        }

        // A full fence between clearing the flag and looking at the queue: a Post on another thread either sees the
        // flag cleared and schedules, or its item is seen here.
        Interlocked.Exchange(ref _holding, 0);
        ScheduleIfQueued();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _drained.Task.ConfigureAwait(false);
            return;
        }

        // Whatever was queued still runs, held or not; a runner that finds the queue empty after this point signals
        // the end, so one is scheduled even for an empty queue.
        TrySchedule();
        await _drained.Task.ConfigureAwait(false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_context is null)
        {
            Drain();
        }
        else
        {
            ExecutionContext.Run(_context, static state => ((HandlerDispatcher)state!).Drain(), this);
        }
    }

    private bool Enqueue(WorkItem item)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            Log.QueueFull(_logger);
            return false;
        }

        lock (_queueLock)
        {
            _queue.Enqueue(item);
        }

        if (Volatile.Read(ref _holding) == 0 || Volatile.Read(ref _count) >= WakeAnywayAt)
        {
            ScheduleIfQueued();
        }

        return true;
    }

    private void ScheduleIfQueued()
    {
        if (!IsQueueEmpty())
        {
            TrySchedule();
        }
    }

    private void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Drain()
    {
        while (true)
        {
            while (TryDequeue(out var item))
            {
                Interlocked.Decrement(ref _count);
                Run(item);
            }

            // A full fence, not a plain write: the checks below must not be read before the flag is cleared, or an item
            // queued (or a dispose begun) in between would be stranded.
            Interlocked.Exchange(ref _scheduled, 0);

            // An item queued between the last TryDequeue and clearing the flag found the flag still set and did not
            // schedule: take it now.
            if (!IsQueueEmpty() && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            {
                continue;
            }

            if (Volatile.Read(ref _disposed) != 0 && IsQueueEmpty())
            {
                _drained.TrySetResult();
            }

            return;
        }
    }

    private bool TryDequeue(out WorkItem item)
    {
        lock (_queueLock)
        {
            return _queue.TryDequeue(out item);
        }
    }

    // Taking the lock is also the full fence the callers' double checks need.
    private bool IsQueueEmpty()
    {
        lock (_queueLock)
        {
            return _queue.Count == 0;
        }
    }

    private void Run(WorkItem item)
    {
        Task pending;
        try
        {
            pending = item.Callback is { } callback ? callback() : item.Handler!(item.Event!);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, exception);
            return;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(pending);
        }
    }

    private async Task ObserveAsync(Task pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, exception);
        }
    }

    /// <summary>A queued callback, or an event handler and its event.</summary>
    private readonly record struct WorkItem(Func<Task>? Callback, Func<SocketIoEvent, Task>? Handler, SocketIoEvent? Event);
}
