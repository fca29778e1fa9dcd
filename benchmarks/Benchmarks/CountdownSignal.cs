using System.Threading.Tasks.Sources;

namespace Tusk.Benchmarks;

/// <summary>Completes once a server loop has counted the expected messages; reusable without allocating.</summary>
public sealed class CountdownSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _remaining;

    public ValueTask Reset(int count)
    {
        _core.Reset();
        Volatile.Write(ref _remaining, count);
        return new ValueTask(this, _core.Version);
    }

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _core.SetResult(true);
        }
    }

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
