using Tusk.EngineIO;
using Tusk.EngineIO.Transports;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// The built-in transports, except that the first transport disposal waits at a gate the test opens. An Engine.IO
/// session disposes its transport while it closes and tells its reader only afterwards, so while the gate is shut the
/// connection is dead but the Socket.IO layer has not heard yet: the window right after a connection dies, held open
/// for as long as the test needs (bounded by the session's own close timeout).
/// </summary>
internal sealed class GatedTransportFactory : IEngineIoTransportFactory
{
    private readonly TaskCompletionSource _disposing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _gated;

    /// <summary>Completes when the first transport began to be disposed (the session is closing).</summary>
    public Task Disposing => _disposing.Task;

    /// <summary>Lets the held disposal (and every later one) go on.</summary>
    public void Open() => _gate.TrySetResult();

    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
        EngineIoTransportFactory.Default.CreateTransport(name, context) is { } inner ? new GatedTransport(inner, this) : null;

    private async ValueTask EnterDisposeAsync()
    {
        if (Interlocked.Exchange(ref _gated, 1) == 0)
        {
            _disposing.TrySetResult();
            await _gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private sealed class GatedTransport(IEngineIoTransport inner, GatedTransportFactory owner) : IEngineIoTransport
    {
        public string Name => inner.Name;

        public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken) => inner.SendAsync(packets, cancellationToken);

        public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

        public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await owner.EnterDisposeAsync();
            await inner.DisposeAsync();
        }
    }
}
