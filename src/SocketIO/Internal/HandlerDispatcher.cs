using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// Runs user callbacks off the receive loop, one at a time in arrival order (like the JS emitter): a handler's
/// synchronous part finishes before the next starts, while its awaits do not block the queue, so a handler that
/// awaits an ack or another event cannot deadlock. Exceptions are logged, never propagated.
/// </summary>
/// <remarks>
/// <para>Nothing posted is ever dropped. The queue is bounded instead by backpressure: once the events waiting in it
/// took more than <c>maxBytes</c> on the wire (or <c>capacity</c> callbacks wait), <see cref="IsFull"/> turns true and
/// the receive loop awaits <see cref="WaitForRoomAsync"/> before it reads the next packet, so the connection's own flow
/// control holds the server back, as a JS client's event loop does while its handlers run. Lifecycle callbacks
/// (Connected, Disconnected, ConnectError, reconnection events) count nothing and are always queued. Handlers only
/// block the queue for their synchronous part, so one that awaits an ack or another event lets the queue drain and the
/// receive loop go on; one that blocks its thread on the connection's own traffic (<c>.Result</c> on an ack) can hold
/// the loop once the bound is reached.</para>
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
    private readonly long _maxBytes;

    // Handlers run in the execution context the dispatcher was created in, as they did when it was a long-lived loop.
    private readonly ExecutionContext? _context = ExecutionContext.Capture();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _count;
    private long _bytes;

    // The receive loop's wait for room (at most one: there is one receive loop per dispatcher); under _queueLock.
    private TaskCompletionSource? _roomWaiter;
    private int _scheduled;
    private int _holding;
    private int _disposed;

    /// <summary>The default of <see cref="SocketIoClientOptions.HandlerQueueMaxBytes"/>.</summary>
    public const long DefaultMaxBytes = 16 * 1024 * 1024;

    /// <param name="logger">Where handler failures go.</param>
    /// <param name="maxBytes">Bytes of queued events (their size on the wire) past which <see cref="IsFull"/> is true.</param>
    /// <param name="capacity">Queued callbacks past which <see cref="IsFull"/> is true.</param>
    public HandlerDispatcher(ILogger logger, long maxBytes = DefaultMaxBytes, int capacity = 65536)
    {
        _logger = logger;
        _maxBytes = Math.Max(1, maxBytes);
        _capacity = Math.Max(1, capacity);
    }

    /// <summary>Whether the queued events passed the byte bound or the callbacks the count bound: the receive loop then
    /// waits in <see cref="WaitForRoomAsync"/> before reading on.</summary>
    public bool IsFull => Volatile.Read(ref _bytes) > _maxBytes || Volatile.Read(ref _count) > _capacity;

    /// <summary>The bytes the queued events took on the wire.</summary>
    public long QueuedBytes => Volatile.Read(ref _bytes);

    /// <summary>Tests: called with <see cref="QueuedBytes"/> each time the receive loop starts waiting for room.</summary>
    internal Action<long>? WaitingForRoom { get; set; }

    /// <summary>Whether a work item to run the queue is queued or running (for tests of the held wake-ups).</summary>
    internal bool RunnerScheduled => Volatile.Read(ref _scheduled) != 0;

    /// <summary>Queues a callback, full or not; false only once the dispatcher is disposed.</summary>
    public bool Post(Func<Task> callback) => Enqueue(new WorkItem(callback, null, null, 0));

    /// <summary>Queues an event handler with its event, without a closure per call, full or not; false only once the
    /// dispatcher is disposed.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="received">The event.</param>
    /// <param name="size">The event's size on the wire, counted until this item has run (0 for all but one handler of
    /// an event that several handlers take).</param>
    public bool Post(Func<SocketIoEvent, Task> handler, SocketIoEvent received, long size = 0) => Enqueue(new WorkItem(null, handler, received, size));

    /// <summary>
    /// Completes once the queue is no longer <see cref="IsFull"/> (at once if it is not), or when the dispatcher is
    /// disposed. Only the receive loop waits here, asynchronously: no thread is held while handlers catch up.
    /// </summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_queueLock)
        {
            if (!IsFull || Volatile.Read(ref _disposed) != 0)
            {
                return Task.CompletedTask;
            }

            waiter = _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        WaitingForRoom?.Invoke(QueuedBytes);

        // Nothing may stay held while the loop waits for the queue to drain (see HoldWakes).
        ReleaseWakes();
        ScheduleIfQueued();
        return waiter.Task.WaitAsync(cancellationToken);
    }

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
        TakeRoomWaiter()?.TrySetResult();
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

        lock (_queueLock)
        {
            _queue.Enqueue(item);
            Interlocked.Increment(ref _count);
            if (item.Size != 0)
            {
                Volatile.Write(ref _bytes, _bytes + item.Size);
            }
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
        TaskCompletionSource? room = null;
        lock (_queueLock)
        {
            if (!_queue.TryDequeue(out item))
            {
                return false;
            }

            Interlocked.Decrement(ref _count);
            if (item.Size != 0)
            {
                Volatile.Write(ref _bytes, _bytes - item.Size);
            }

            if (_roomWaiter is not null && !IsFull)
            {
                room = _roomWaiter;
                _roomWaiter = null;
            }
        }

        // The receive loop reads on: before this item runs, so the next packets arrive while it does.
        room?.TrySetResult();
        return true;
    }

    private TaskCompletionSource? TakeRoomWaiter()
    {
        lock (_queueLock)
        {
            var waiter = _roomWaiter;
            _roomWaiter = null;
            return waiter;
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
    private readonly record struct WorkItem(Func<Task>? Callback, Func<SocketIoEvent, Task>? Handler, SocketIoEvent? Event, long Size);
}
