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
    private ConcurrentDictionary<long, Entry>? _pending;
    private readonly SocketIoMetrics? _metrics;
    private readonly KeyValuePair<string, object?> _namespaceTag;
    private readonly bool _inlineContinuations;
    private readonly AckCompletionQueue? _completions;
    private readonly TimeProvider? _timeProvider;

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
    public AckTable(bool inlineContinuations = false, AckCompletionQueue? completions = null, TimeProvider? timeProvider = null)
    {
        _inlineContinuations = inlineContinuations;
        _completions = completions;
        _timeProvider = timeProvider;
    }

    public AckTable(SocketIoMetrics metrics, string @namespace, bool inlineContinuations = false, AckCompletionQueue? completions = null, TimeProvider? timeProvider = null)
        : this(inlineContinuations, completions, timeProvider)
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
        var task = Register(id);
        return (task, timeout is { } limit && _timeProvider is not null && (Volatile.Read(ref _deadlines) ?? CreateDeadlines()).TryAdd(id, limit));
    }

    private AckDeadlines CreateDeadlines()
    {
        var deadlines = new AckDeadlines(_timeProvider!, id => Volatile.Read(ref _pending)?.ContainsKey(id) == true, id => Fail(id, new TimeoutException()));
        return Interlocked.CompareExchange(ref _deadlines, deadlines, null) ?? deadlines;
    }

    public Task<SocketIoAck> Register(long id)
    {
        var entry = new Entry(_inlineContinuations, _completions);
        if (_metrics is { PendingAcks.Enabled: true })
        {
            entry.Counted = true;
            _metrics.PendingAcks.Add(1, _namespaceTag);
        }

        var pending = Volatile.Read(ref _pending) ?? CreatePending();
        pending[id] = entry;
        return entry.Completion.Task;
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

        entry.SetResult(ack);
        return true;
    }

    public void Remove(long id) => TryTake(id, out _);

    /// <summary>Fails one pending ack (its packet could not be sent).</summary>
    public void Fail(long id, Exception exception)
    {
        if (TryTake(id, out var entry))
        {
            entry.SetException(exception);
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
                entry.SetException(exception);
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
                entry.SetException(exception);
            }
        }
    }

    private bool TryTake(long id, [MaybeNullWhen(false)] out Entry entry)
    {
        if (Volatile.Read(ref _pending) is not { } pending || !pending.TryRemove(id, out entry))
        {
            entry = null;
            return false;
        }

        if (entry.Counted)
        {
            _metrics!.PendingAcks.Add(-1, _namespaceTag);
        }

        return true;
    }

    private ConcurrentDictionary<long, Entry> CreatePending()
    {
        // Registrations may race (emits from several threads): the first dictionary stored wins for all of them.
        Interlocked.CompareExchange(ref _pending, new ConcurrentDictionary<long, Entry>(), null);
        return _pending!;
    }

    private sealed class Entry(bool inline, AckCompletionQueue? completions)
    {
        // Continuations run on the thread that completes the task: the receive loop with the inline option, the
        // completion queue's work item otherwise. Only without either does the task itself send them to the thread pool.
        public TaskCompletionSource<SocketIoAck> Completion { get; } =
            new(inline || completions is not null ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Sent;

        public bool Counted;

        /// <summary>Answers the ack: inline, through the connection's completion queue, or with the task's own hop.</summary>
        public void SetResult(SocketIoAck ack)
        {
            if (inline || completions is null)
            {
                Completion.TrySetResult(ack);
            }
            else
            {
                completions.Complete(Completion, ack);
            }
        }

        /// <summary>Fails the ack; its continuations then run on the thread pool, never on the failing thread.</summary>
        public void SetException(Exception exception)
        {
            if (completions is not null)
            {
                completions.Fail(Completion, exception);
            }
            else if (inline)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.Entry.Completion.TrySetException(state.Exception), (Entry: this, Exception: exception), preferLocal: false);
            }
            else
            {
                Completion.TrySetException(exception);
            }
        }
    }
}
