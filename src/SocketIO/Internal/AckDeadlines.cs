namespace Tusk.SocketIO.Internal;

/// <summary>
/// The ack timeouts of one namespace socket on one timer. Acks that share a timeout (the client's
/// <see cref="SocketIoClientOptions.AckTimeout"/>, the usual case) have deadlines in the order they were registered,
/// so a queue of (deadline, ack id) kept in that order needs one timer, armed for its head: it fires once per timeout
/// period or so, not once per ack. Each ack with its own timer (<c>Task.WaitAsync</c> with a
/// <see cref="TimeProvider"/>) cost a timer armed and disarmed in the runtime's timer queue and about 200 bytes per
/// ack. An answered ack is not looked for in the queue: it left the ack table, and its entry is dropped when it reaches
/// the head. An ack whose deadline would come before the last one queued (a shorter per-emit timeout), or any ack while
/// the queue is full, is not taken: its caller times it out with a timer of its own, as before.
/// </summary>
/// <remarks>Thread-safe. <paramref name="isPending"/> says whether an ack id still waits for its answer (answered ones
/// are dropped from the head). The timer's callback calls <paramref name="expire"/> for each ack past its deadline,
/// outside the lock; it must not run application code on the timer's thread.</remarks>
internal sealed class AckDeadlines(TimeProvider timeProvider, Func<long, bool> isPending, Action<long> expire)
{
    /// <summary>The most deadlines queued at once (16 bytes each); later acks use a timer each until the queue drains.</summary>
    internal const int Capacity = 1024;

    private readonly Lock _lock = new();
    private readonly Queue<(long Deadline, long Id)> _queue = new();
    private ITimer? _timer;

    // The deadline the timer is armed for, or long.MaxValue when it is not armed; the last deadline queued.
    private long _armedFor = long.MaxValue;
    private long _last;

    /// <summary>Number of deadlines queued (answered acks among them until they reach the head).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues the deadline of ack <paramref name="id"/>, <paramref name="timeout"/> from now.</summary>
    /// <param name="id">The ack id.</param>
    /// <param name="timeout">The ack's timeout.</param>
    /// <returns>Whether the deadline was queued; if not, the caller must time the ack out itself.</returns>
    public bool TryAdd(long id, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
        {
            // Infinite, zero or out of a timer's range: Task.WaitAsync has the rules for those.
            return false;
        }

        var now = timeProvider.GetTimestamp();
        var deadline = now + ToTimestampTicks(timeout);
        lock (_lock)
        {
            // Answered acks at the head go first, so a queue of acks answered in order stays short.
            while (_queue.TryPeek(out var head) && !isPending(head.Id))
            {
                _queue.Dequeue();
            }

            if (_queue.Count >= Capacity || (_queue.Count > 0 && deadline < _last))
            {
                return false;
            }

            _queue.Enqueue((deadline, id));
            _last = deadline;
            if (_armedFor == long.MaxValue)
            {
                Arm(deadline, now);
            }
        }

        return true;
    }

    /// <summary>Drops the deadlines at the head whose acks no longer wait (all of them after a disconnect failed every
    /// ack) and disarms the timer when none is left: an armed timer is held by the runtime's timer queue, and with it
    /// this object and the ack table, until it fires, which could be a whole ack timeout after the socket is gone.
    /// An ack still waiting (registered while the others failed) keeps its place and the timer.</summary>
    public void Prune()
    {
        lock (_lock)
        {
            while (_queue.TryPeek(out var head) && !isPending(head.Id))
            {
                _queue.Dequeue();
            }

            if (_queue.Count == 0 && _armedFor != long.MaxValue)
            {
                _armedFor = long.MaxValue;
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        List<long>? expired = null;
        lock (_lock)
        {
            _armedFor = long.MaxValue;
            var now = timeProvider.GetTimestamp();
            while (_queue.TryPeek(out var head) && head.Deadline <= now)
            {
                _queue.Dequeue();
                if (isPending(head.Id))
                {
                    (expired ??= []).Add(head.Id);
                }
            }

            if (_queue.TryPeek(out var next))
            {
                Arm(next.Deadline, now);
            }
        }

        if (expired is null)
        {
            return;
        }

        // An ack answered since the check above is no longer in the ack table: expiring it does nothing.
        foreach (var id in expired)
        {
            expire(id);
        }
    }

    /// <summary>Arms the timer for <paramref name="deadline"/>. Caller holds <c>_lock</c>.</summary>
    private void Arm(long deadline, long now)
    {
        _armedFor = deadline;
        // Whole milliseconds, rounded up: the runtime's timers count milliseconds and drop the rest, and a timer that
        // fired a fraction early would find the head not yet due and be armed again and again until it is.
        var due = TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(0, timeProvider.GetElapsedTime(now, deadline).TotalMilliseconds)));
        if (_timer is null)
        {
            _timer = timeProvider.CreateTimer(static state => ((AckDeadlines)state!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private long ToTimestampTicks(TimeSpan timeout) =>
        (long)(timeout.Ticks * ((double)timeProvider.TimestampFrequency / TimeSpan.TicksPerSecond));
}
