namespace Tusk.SocketIO.Internal;

/// <summary>
/// Elephant.io-style pull buffer: received events wait here until a wait or drain takes them. A wait for one event
/// name leaves the others in place. Bounded: the oldest event is dropped when full.
/// </summary>
internal sealed class EventInbox
{
    private readonly Lock _sync = new();
    private readonly LinkedList<SocketIoEvent> _events = new();
    private readonly List<Waiter> _waiters = [];
    private readonly int _capacity;

    // An application that never pulls keeps the buffer full for good; one warning per overflow episode, not one per event.
    private bool _overflowReported;

    public EventInbox(int capacity) => _capacity = capacity;

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>
    /// Hands the event to the oldest matching waiter, or buffers it. Returns false when this call starts dropping old
    /// events: the first drop since the buffer was last read, so a caller can report the overflow once.
    /// </summary>
    public bool Add(SocketIoEvent item)
    {
        if (_capacity <= 0)
        {
            return true;
        }

        Waiter? taker = null;
        var dropped = false;
        lock (_sync)
        {
            foreach (var waiter in _waiters)
            {
                if (waiter.Matches(item))
                {
                    taker = waiter;
                    break;
                }
            }

            if (taker is not null)
            {
                _waiters.Remove(taker);
            }
            else if (_events.Count >= _capacity)
            {
                // Full: the oldest event's node carries the new one, so a buffer nobody reads costs no allocation.
                var oldest = _events.First!;
                _events.RemoveFirst();
                oldest.Value = item;
                _events.AddLast(oldest);
                dropped = !_overflowReported;
                _overflowReported = true;
            }
            else
            {
                _events.AddLast(item);
            }
        }

        taker?.Completion.TrySetResult([item]);
        return !dropped;
    }

    public async Task<SocketIoEvent?> WaitAsync(string? name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var taken = await TakeAsync(name, drainAll: false, timeout, cancellationToken).ConfigureAwait(false);
        return taken.Count == 0 ? null : taken[0];
    }

    public Task<IReadOnlyList<SocketIoEvent>> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        TakeAsync(null, drainAll: true, timeout, cancellationToken);

    private async Task<IReadOnlyList<SocketIoEvent>> TakeAsync(string? name, bool drainAll, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_sync)
        {
            var found = TakeBuffered(name, drainAll);
            if (found.Count > 0 || timeout <= TimeSpan.Zero)
            {
                return found;
            }

            waiter = new Waiter(name);
            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return RemoveWaiterOrTakeItsResult(waiter);
        }
        catch (OperationCanceledException)
        {
            var late = RemoveWaiterOrTakeItsResult(waiter);
            if (late.Count > 0)
            {
                // It arrived as we were cancelled: keep it for the next wait rather than lose it.
                lock (_sync)
                {
                    foreach (var item in late.Reverse())
                    {
                        _events.AddFirst(item);
                    }
                }
            }

            throw;
        }
    }

    private IReadOnlyList<SocketIoEvent> RemoveWaiterOrTakeItsResult(Waiter waiter)
    {
        lock (_sync)
        {
            if (_waiters.Remove(waiter))
            {
                return [];
            }
        }

        // The event was handed over between the timeout and the lock.
        return waiter.Completion.Task.Result;
    }

    private List<SocketIoEvent> TakeBuffered(string? name, bool drainAll)
    {
        var result = new List<SocketIoEvent>();
        _overflowReported = false;
        for (var node = _events.First; node is not null;)
        {
            var next = node.Next;
            if (name is null || node.Value.Name == name)
            {
                result.Add(node.Value);
                _events.Remove(node);
                if (!drainAll)
                {
                    break;
                }
            }

            node = next;
        }

        return result;
    }

    private sealed class Waiter(string? name)
    {
        public TaskCompletionSource<IReadOnlyList<SocketIoEvent>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Matches(SocketIoEvent item) => name is null || item.Name == name;
    }
}
