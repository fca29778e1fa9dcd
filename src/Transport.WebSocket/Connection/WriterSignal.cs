using System.Threading.Tasks.Sources;

namespace Tusk.Transport.WebSocket.Connection;

/// <summary>A reusable, allocation-free wake-up for the single writer loop. Reset and Set are called under the
/// writer's lock, so the usual races of an auto-reset event cannot happen here. Continuations run on the thread
/// pool, which lets senders keep queuing frames while the writer wakes: that is what coalesces them.</summary>
internal sealed class WriterSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    public ValueTask PrepareWait()
    {
        _core.Reset();
        return new ValueTask(this, _core.Version);
    }

    public void Set() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
