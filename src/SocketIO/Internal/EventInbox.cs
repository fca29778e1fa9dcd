namespace Tusk.SocketIO.Internal;

/// <summary>
/// Elephant.io-style pull buffer: received events wait here until a wait or drain takes them. A wait for one event
/// name leaves the others in place. Bounded in events and in bytes: the oldest events are dropped to make room, and an
/// event larger than the whole byte bound is not kept.
/// </summary>
/// <remarks>
/// The socket decides what is offered for keeping (<see cref="Add(SocketIoEvent, long, bool)"/>): an event is always
/// handed to a wait that is waiting for it, but kept for a later pull only when no handler and no event stream took it,
/// so an application that consumes events with handlers holds no copies here.
/// </remarks>
internal sealed class EventInbox
{
    private readonly Lock _sync = new();
    private readonly LinkedList<(SocketIoEvent Event, long Size)> _events = new();
    private readonly List<Waiter> _waiters = [];
    private readonly int _capacity;
    private readonly long _maxBytes;
    private readonly TimeProvider _timeProvider;
    private long _bytes;

    // An application that never pulls keeps the buffer full for good; one warning per overflow episode, not one per event.
    private bool _overflowReported;

    public EventInbox(int capacity, long maxBytes = long.MaxValue, TimeProvider? timeProvider = null)
    {
        _capacity = capacity;
        _maxBytes = maxBytes;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The bytes the kept events took on the wire.</summary>
    public long Bytes
    {
        get
        {
            lock (_sync)
            {
                return _bytes;
            }
        }
    }

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
    /// Hands the event to the oldest matching waiter or, when <paramref name="keep"/> is set, buffers it. Returns false
    /// when this call starts dropping events: the first drop since the buffer was last read, so a caller can report the
    /// overflow once.
    /// </summary>
    /// <param name="item">The event.</param>
    /// <param name="size">Its size on the wire in bytes (payload and attachments), counted against the byte bound.</param>
    /// <param name="keep">Whether to buffer it for a later pull when no wait takes it now.</param>
    public bool Add(SocketIoEvent item, long size = 0, bool keep = true)
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
            else if (!keep)
            {
                // Taken by a handler or a stream: nothing to keep.
            }
            else if (size > _maxBytes)
            {
                dropped = DropLocked();
            }
            else
            {
                LinkedListNode<(SocketIoEvent, long)>? reused = null;
                while (_events.Count > 0 && (_events.Count >= _capacity || _bytes + size > _maxBytes))
                {
                    // The oldest event's node carries the new one, so a full buffer nobody reads costs no allocation.
                    reused = _events.First!;
                    _events.RemoveFirst();
                    _bytes -= reused.Value.Item2;
                    dropped = DropLocked();
                }

                if (reused is null)
                {
                    _events.AddLast((item, size));
                }
                else
                {
                    reused.Value = (item, size);
                    _events.AddLast(reused);
                }

                _bytes += size;
            }
        }

        taker?.Completion.TrySetResult([item]);
        return !dropped;
    }

    private bool DropLocked()
    {
        var first = !_overflowReported;
        _overflowReported = true;
        return first;
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
            return await waiter.Completion.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
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
                        _events.AddFirst((item, 0));
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
            if (name is null || node.Value.Event.Name == name)
            {
                result.Add(node.Value.Event);
                _bytes -= node.Value.Size;
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
