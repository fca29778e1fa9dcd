using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Tusk.SocketIO.Diagnostics;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// Pending acknowledgements of one namespace socket, keyed by ack id (ids start at 0, as in the JS client). Keeps
/// <c>socketio.client.acks.pending</c>: an entry counted when registered (only while someone listens) is uncounted
/// when it leaves, whichever way it leaves, so the sum never drifts when a listener comes or goes.
/// </summary>
internal sealed class AckTable
{
    // Created by the first Register: an idle connection that never asked for an ack keeps no dictionary (about 0.5 KiB
    // with its buckets and locks; issue 21's scale target).
    private ConcurrentDictionary<long, PendingAck>? _pending;
    private readonly SocketIoMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _namespaceTag;
    private readonly bool _inlineContinuations;
    private readonly AckCompletionQueue? _completions;
    private readonly TimeProvider? _timeProvider;
    private readonly Func<long, bool>? _dropBuffered;

    // Created by the first ack with a timeout, like _pending: an idle socket keeps neither.
    private AckDeadlines? _deadlines;
    private long _nextId = -1;

    /// <param name="timeProvider">The clock of the ack timeouts that <see cref="Register(long, TimeSpan?)"/> takes on
    /// (one timer for the table); without it every caller times its acks out itself.</param>
    /// <param name="inlineContinuations">
    /// <see cref="SocketIoClientOptions.InlineAckContinuations"/>: an answered ack runs its continuations on the thread
    /// that completes it (the receive loop) instead of on the thread pool. Failures never run them on the failing
    /// thread: they happen on disconnects and sends, sometimes under the socket's lock, where the application's code
    /// must not run.
    /// </param>
    /// <param name="completions">
    /// The connection's queue that completes acks on the thread pool, several per work item (the client's default);
    /// <see langword="null"/>: each completion's continuations are queued to the thread pool on their own.
    /// </param>
    /// <param name="dropBuffered">
    /// The socket's send buffer: removes the packet of an ack id from it and says whether it was there. An emit's ack
    /// (<see cref="RegisterEmit"/>) that fails takes its packet out of the buffer first (a failed emit is not sent
    /// later), and one that times out fails with a <see cref="SocketIoAckTimeoutException"/> saying whether it was sent.
    /// </param>
    public AckTable(bool inlineContinuations = false, AckCompletionQueue? completions = null, TimeProvider? timeProvider = null, Func<long, bool>? dropBuffered = null)
    {
        _inlineContinuations = inlineContinuations;
        _completions = completions;
        _timeProvider = timeProvider;
        _dropBuffered = dropBuffered;
    }

    public AckTable(SocketIoMetrics metrics, string @namespace, bool inlineContinuations = false, AckCompletionQueue? completions = null, TimeProvider? timeProvider = null, Func<long, bool>? dropBuffered = null)
        : this(inlineContinuations, completions, timeProvider, dropBuffered)
    {
        _metrics = metrics;
        _namespaceTag = new KeyValuePair<string, object?>(SocketIoTags.Namespace, @namespace);
    }

    public int Count => Volatile.Read(ref _pending)?.Count ?? 0;

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Deadlines queued on the table's timer (tests).</summary>
    internal int QueuedDeadlines => Volatile.Read(ref _deadlines)?.Count ?? 0;

    /// <summary>Registers an ack and, when the table has a clock, takes on its timeout: the ack then fails with a
    /// <see cref="TimeoutException"/> once <paramref name="timeout"/> has passed without an answer.</summary>
    /// <returns>The ack's task, and whether the table times it out (otherwise the caller must, if it has a timeout).</returns>
    public (Task<SocketIoAck> Task, bool TimedOutByTable) Register(long id, TimeSpan? timeout)
    {
        var entry = Add(id, null, 0, null);
        return (entry.Task, TakeTimeout(id, timeout));
    }

    /// <summary>Registers the ack of an emit of <paramref name="eventName"/> (attempt <paramref name="attempt"/>): as
    /// <see cref="Register(long, TimeSpan?)"/>, and the table then fails it by the socket's rules (see the constructor's
    /// <c>dropBuffered</c>), so the caller may hand the pending ack's task to the application as it is.</summary>
    /// <returns>The pending ack, and whether the table times it out.</returns>
    public (PendingAck Ack, bool TimedOutByTable) RegisterEmit(long id, TimeSpan? timeout, string eventName, int attempt)
    {
        var entry = Add(id, eventName, attempt, timeout);
        // Set before the deadline is queued (the timer may fire for it), cleared when the table did not take it.
        entry.TimedByTable = true;
        var timed = TakeTimeout(id, timeout);
        entry.TimedByTable = timed;
        return (entry, timed);
    }

    private bool TakeTimeout(long id, TimeSpan? timeout) =>
        timeout is { } limit && _timeProvider is not null && (Volatile.Read(ref _deadlines) ?? CreateDeadlines()).TryAdd(id, limit);

    private AckDeadlines CreateDeadlines()
    {
        var deadlines = new AckDeadlines(_timeProvider!, id => Volatile.Read(ref _pending)?.ContainsKey(id) == true, id => Fail(id, new TimeoutException()));
        return Interlocked.CompareExchange(ref _deadlines, deadlines, null) ?? deadlines;
    }

    public Task<SocketIoAck> Register(long id) => Add(id, null, 0, null).Task;

    private PendingAck Add(long id, string? eventName, int attempt, TimeSpan? timeout)
    {
        var entry = new PendingAck(_inlineContinuations, _completions, eventName, attempt, timeout);
        if (_metrics is { PendingAcks.Enabled: true })
        {
            entry.Counted = true;
            _metrics.PendingAcks.Add(1, _namespaceTag);
        }

        var pending = Volatile.Read(ref _pending) ?? CreatePending();
        pending[id] = entry;
        return entry;
    }

    /// <summary>Records that the packet of <paramref name="id"/> went out (only sent packets fail on disconnect).</summary>
    public void MarkSent(long id)
    {
        if (Volatile.Read(ref _pending) is { } pending && pending.TryGetValue(id, out var entry))
        {
            entry.Sent = true;
        }
    }

    /// <summary>Completes the ack; unknown ids (late or duplicate acks) are ignored.</summary>
    public bool TryComplete(long id, SocketIoAck ack)
    {
        if (!TryTake(id, out var entry))
        {
            return false;
        }

        entry.Answer(ack);
        return true;
    }

    public void Remove(long id) => TryTake(id, out _);

    /// <summary>Fails one pending ack (its packet could not be sent).</summary>
    public void Fail(long id, Exception exception)
    {
        if (TryTake(id, out var entry))
        {
            FailTaken(id, entry, exception);
        }
    }

    /// <summary>Fails the acks whose packets were already sent; those still buffered survive until reconnection.</summary>
    public void FailSent(Exception exception)
    {
        if (Volatile.Read(ref _pending) is not { } pending)
        {
            return;
        }

        foreach (var pair in pending)
        {
            if (pair.Value.Sent && TryTake(pair.Key, out var entry))
            {
                FailTaken(pair.Key, entry, exception);
            }
        }
    }

    public void FailAll(Exception exception)
    {
        if (Volatile.Read(ref _pending) is not { } pending)
        {
            return;
        }

        foreach (var key in pending.Keys)
        {
            if (TryTake(key, out var entry))
            {
                FailTaken(key, entry, exception);
            }
        }

        // No ack waits for the table's timer any more: disarmed, it no longer keeps the table alive until it fires.
        Volatile.Read(ref _deadlines)?.Prune();
    }

    /// <summary>Fails an ack taken from the table. An emit's ack first leaves the send buffer (if its packet still
    /// waits there), and its timeout becomes the <see cref="SocketIoAckTimeoutException"/> its caller sees.</summary>
    private void FailTaken(long id, PendingAck entry, Exception exception)
    {
        if (entry.EventName is { } eventName && _dropBuffered is not null)
        {
            var neverSent = !entry.Sent && _dropBuffered(id);
            if (exception is TimeoutException and not SocketIoAckTimeoutException && entry.TimedByTable)
            {
                exception = new SocketIoAckTimeoutException(eventName, entry.Timeout ?? TimeSpan.Zero, entry.Attempt, wasSent: !neverSent);
            }
        }

        entry.Fail(exception);
    }

    private bool TryTake(long id, [MaybeNullWhen(false)] out PendingAck entry)
    {
        if (Volatile.Read(ref _pending) is not { } pending || !pending.TryRemove(id, out entry))
        {
            entry = null;
            return false;
        }

        entry.Taken = true;
        if (entry.Counted)
        {
            _metrics!.PendingAcks.Add(-1, _namespaceTag);
        }

        return true;
    }

    private ConcurrentDictionary<long, PendingAck> CreatePending()
    {
        // Registrations may race (emits from several threads): the first dictionary stored wins for all of them.
        Interlocked.CompareExchange(ref _pending, new ConcurrentDictionary<long, PendingAck>(), null);
        return _pending!;
    }

}

/// <summary>
/// An ack waiting for its answer: it is its own <see cref="TaskCompletionSource{TResult}"/> (one object per ack, not an
/// entry, a completion source and its task), and its task is what the emit's caller awaits.
/// </summary>
internal sealed class PendingAck : TaskCompletionSource<SocketIoAck>
{
    private readonly bool _inline;
    private readonly AckCompletionQueue? _completions;

    // Continuations run on the thread that completes the task: the receive loop with the inline option, the
    // completion queue's work item otherwise. Only without either does the task itself send them to the thread pool.
    public PendingAck(bool inline, AckCompletionQueue? completions, string? eventName, int attempt, TimeSpan? timeout)
        : base(inline || completions is not null ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _inline = inline;
        _completions = completions;
        EventName = eventName;
        Attempt = attempt;
        Timeout = timeout;
    }

    /// <summary>The emitted event (an emit's ack), or null (the table's plain registrations).</summary>
    public string? EventName { get; }

    public int Attempt { get; }

    public TimeSpan? Timeout { get; }

    /// <summary>Whether the table's timer times this ack out.</summary>
    public volatile bool TimedByTable;

    public volatile bool Sent;

    /// <summary>Whether the ack left the table (answered, failed or removed); set before it completes.</summary>
    public volatile bool Taken;

    public bool Counted;

    /// <summary>Answers the ack: inline, through the connection's completion queue, or with the task's own hop.</summary>
    public void Answer(SocketIoAck ack)
    {
        if (_inline || _completions is null)
        {
            TrySetResult(ack);
        }
        else
        {
            _completions.Complete(this, ack);
        }
    }

    /// <summary>Fails the ack; its continuations then run on the thread pool, never on the failing thread.</summary>
    public void Fail(Exception exception)
    {
        if (_completions is not null)
        {
            _completions.Fail(this, exception);
        }
        else if (_inline)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Entry.TrySetException(state.Exception), (Entry: this, Exception: exception), preferLocal: false);
        }
        else
        {
            TrySetException(exception);
        }
    }
}
