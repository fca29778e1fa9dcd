using System.Collections.Concurrent;

namespace Tusk.SocketIO.Internal;

/// <summary>Pending acknowledgements of one namespace socket, keyed by ack id (ids start at 0, as in the JS client).</summary>
internal sealed class AckTable
{
    private readonly ConcurrentDictionary<long, Entry> _pending = new();
    private long _nextId = -1;

    public int Count => _pending.Count;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public Task<SocketIoAck> Register(long id)
    {
        var entry = new Entry();
        _pending[id] = entry;
        return entry.Completion.Task;
    }

    /// <summary>Records that the packet of <paramref name="id"/> went out (only sent packets fail on disconnect).</summary>
    public void MarkSent(long id)
    {
        if (_pending.TryGetValue(id, out var entry))
        {
            entry.Sent = true;
        }
    }

    /// <summary>Completes the ack; unknown ids (late or duplicate acks) are ignored.</summary>
    public bool TryComplete(long id, SocketIoAck ack) =>
        _pending.TryRemove(id, out var entry) && entry.Completion.TrySetResult(ack);

    public void Remove(long id) => _pending.TryRemove(id, out _);

    /// <summary>Fails one pending ack (its packet could not be sent).</summary>
    public void Fail(long id, Exception exception)
    {
        if (_pending.TryRemove(id, out var entry))
        {
            entry.Completion.TrySetException(exception);
        }
    }

    /// <summary>Fails the acks whose packets were already sent; those still buffered survive until reconnection.</summary>
    public void FailSent(Exception exception)
    {
        foreach (var pair in _pending)
        {
            if (pair.Value.Sent && _pending.TryRemove(pair.Key, out var entry))
            {
                entry.Completion.TrySetException(exception);
            }
        }
    }

    public void FailAll(Exception exception)
    {
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var entry))
            {
                entry.Completion.TrySetException(exception);
            }
        }
    }

    private sealed class Entry
    {
        public TaskCompletionSource<SocketIoAck> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Sent;
    }
}
