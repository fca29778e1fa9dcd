using System.Threading.Channels;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// The buffer of one <c>ReadEventsAsync</c> reader: events wait here until the reader takes them. Bounded like the pull
/// buffer, in events and in bytes (their size on the wire): a reader that falls behind loses its oldest unread events,
/// so a stream that is never read holds at most the bound, not everything the server sends. The newest event is always
/// kept, even when it alone is larger than the byte bound: the stream is how the application consumes events.
/// </summary>
/// <remarks>Thread-safe: the socket writes while the reader reads; both take the lock to keep the counts exact.</remarks>
internal sealed class EventStream
{
    private readonly Lock _sync = new();
    private readonly Channel<(SocketIoEvent Event, long Size)> _channel =
        Channel.CreateUnbounded<(SocketIoEvent, long)>(new UnboundedChannelOptions { SingleWriter = true });

    private readonly int _capacity;
    private readonly long _maxBytes;
    private int _count;
    private long _bytes;

    // One warning per overflow episode (until the reader empties the buffer), not one per dropped event.
    private bool _overflowReported;

    public EventStream(int capacity, long maxBytes)
    {
        _capacity = Math.Max(1, capacity);
        _maxBytes = maxBytes;
    }

    /// <summary>The bytes the unread events took on the wire.</summary>
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

    /// <summary>
    /// Adds an event, dropping the oldest unread ones to make room. Returns false when this call starts dropping events
    /// (the first drop since the reader last emptied the buffer), so the caller can report the overflow once.
    /// </summary>
    public bool Write(SocketIoEvent item, long size)
    {
        lock (_sync)
        {
            var dropped = false;
            while (_count > 0 && (_count >= _capacity || _bytes + size > _maxBytes) && _channel.Reader.TryRead(out var oldest))
            {
                _count--;
                _bytes -= oldest.Size;
                dropped = true;
            }

            if (!_channel.Writer.TryWrite((item, size)))
            {
                return true;
            }

            _count++;
            _bytes += size;
            if (dropped && !_overflowReported)
            {
                _overflowReported = true;
                return false;
            }

            return true;
        }
    }

    /// <summary>Ends the stream once the reader has taken what is buffered.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>The events, in arrival order, until <see cref="Complete"/> and the buffer is empty.</summary>
    public async IAsyncEnumerable<SocketIoEvent> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            SocketIoEvent next;
            lock (_sync)
            {
                // The writer may have dropped what woke this reader.
                if (!reader.TryRead(out var item))
                {
                    continue;
                }

                _count--;
                _bytes -= item.Size;
                if (_count == 0)
                {
                    _overflowReported = false;
                }

                next = item.Event;
            }

            yield return next;
        }
    }
}
