using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Tusk.Benchmarks;

/// <summary>One direction of an in-memory byte pipe: a bounded ring buffer with one reader and one writer.
/// Wake-ups are allocation-free and run on the thread pool, as a socket's would.</summary>
public sealed class InMemoryPipe
{
    private readonly byte[] _ring;
    private readonly Lock _lock = new();
    private readonly Waiter _readerWaiter = new();
    private readonly Waiter _writerWaiter = new();
    private int _head;
    private int _count;
    private bool _readerWaiting;
    private bool _writerWaiting;
    private bool _completed;

    public InMemoryPipe(int capacity = 4 * 1024 * 1024) => _ring = new byte[capacity];

    public void Complete()
    {
        bool wakeReader, wakeWriter;
        lock (_lock)
        {
            _completed = true;
            wakeReader = _readerWaiting;
            wakeWriter = _writerWaiting;
            _readerWaiting = _writerWaiting = false;
        }

        if (wakeReader)
        {
            _readerWaiter.Set();
        }

        if (wakeWriter)
        {
            _writerWaiter.Set();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(Memory<byte> destination)
    {
        while (true)
        {
            ValueTask wait;
            var wakeWriter = false;
            lock (_lock)
            {
                if (_count > 0 || destination.IsEmpty)
                {
                    var total = Math.Min(_count, destination.Length);
                    var first = Math.Min(total, _ring.Length - _head);
                    _ring.AsSpan(_head, first).CopyTo(destination.Span);
                    _ring.AsSpan(0, total - first).CopyTo(destination.Span[first..]);
                    _head = (_head + total) % _ring.Length;
                    _count -= total;
                    if (_writerWaiting && total > 0)
                    {
                        _writerWaiting = false;
                        wakeWriter = true;
                    }

                    wait = default;
                    if (wakeWriter)
                    {
                        _writerWaiter.Set();
                    }

                    return total;
                }

                if (_completed)
                {
                    return 0;
                }

                _readerWaiting = true;
                wait = _readerWaiter.Prepare();
            }

            await wait;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> source)
    {
        while (!source.IsEmpty)
        {
            ValueTask wait = default;
            var wakeReader = false;
            lock (_lock)
            {
                if (_completed)
                {
                    throw new IOException("The pipe is closed.");
                }

                var free = _ring.Length - _count;
                if (free > 0)
                {
                    var total = Math.Min(free, source.Length);
                    var tail = (_head + _count) % _ring.Length;
                    var first = Math.Min(total, _ring.Length - tail);
                    source.Span[..first].CopyTo(_ring.AsSpan(tail));
                    source.Span[first..total].CopyTo(_ring);
                    _count += total;
                    source = source[total..];
                    if (_readerWaiting)
                    {
                        _readerWaiting = false;
                        wakeReader = true;
                    }
                }
                else
                {
                    _writerWaiting = true;
                    wait = _writerWaiter.Prepare();
                }
            }

            if (wakeReader)
            {
                _readerWaiter.Set();
            }

            await wait;
        }
    }

    private sealed class Waiter : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

        public ValueTask Prepare()
        {
            _core.Reset();
            return new ValueTask(this, _core.Version);
        }

        public void Set() => _core.SetResult(true);

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
