using Tusk.EngineIO;
using Tusk.EngineIO.Transports;

namespace Tusk.Cli.Interactive;

/// <summary>
/// <c>tusk connect --transport polling</c>: the session stays on HTTP long-polling until the user types <c>upgrade</c>.
/// Engine.IO upgrades only right after a handshake, so <c>upgrade</c> lets WebSocket through and closes the polling
/// transport underneath; the client reconnects as it would after any lost transport (namespaces rejoin), and this
/// time the upgrade goes through. Built on the public transport seam (<see cref="IEngineIoTransportFactory"/>).
/// </summary>
internal sealed class UpgradeOnRequestTransportFactory : IEngineIoTransportFactory
{
    private readonly IEngineIoTransportFactory _inner;
    private readonly Lock _sync = new();
    private GateTransport? _current;
    private volatile bool _allowWebSocket;

    public UpgradeOnRequestTransportFactory(IEngineIoTransportFactory inner, bool allowWebSocket)
    {
        _inner = inner;
        _allowWebSocket = allowWebSocket;
    }

    /// <summary>Raised when a session moved to WebSocket (the upgrade packet went out on it).</summary>
    public event Action? Upgraded;

    /// <summary>Whether WebSocket may be used.</summary>
    public bool AllowsWebSocket => _allowWebSocket;

    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
    {
        if (name == EngineIoTransportNames.WebSocket && !_allowWebSocket)
        {
            // Held on polling: the upgrade attempt fails here (the verbose log shows it) and the session stays put.
            return null;
        }

        var inner = _inner.CreateTransport(name, context);
        if (inner is null)
        {
            return null;
        }

        var gate = new GateTransport(inner, this);
        lock (_sync)
        {
            _current = gate;
        }

        return gate;
    }

    /// <summary>
    /// Lets WebSocket through and ends the current polling transport as if the server had closed it, so the client
    /// reconnects and upgrades. Returns <see langword="false"/> when there is no polling transport to end.
    /// </summary>
    public bool ReleaseAndReopen()
    {
        _allowWebSocket = true;
        GateTransport? current;
        lock (_sync)
        {
            current = _current;
        }

        return current is not null && current.Name == EngineIoTransportNames.Polling && current.Close();
    }

    private void OnUpgraded() => Upgraded?.Invoke();

    private sealed class GateTransport(IEngineIoTransport inner, UpgradeOnRequestTransportFactory owner) : IEngineIoTransport
    {
        private readonly CancellationTokenSource _closed = new();

        public string Name => inner.Name;

        public bool Close()
        {
            if (_closed.IsCancellationRequested)
            {
                return false;
            }

            _closed.Cancel();
            return true;
        }

        public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            try
            {
                return await inner.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // No packets: to the session this transport was closed by the peer, which it answers by reconnecting.
                return [];
            }
        }

        public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
        {
            await inner.SendAsync(packets, cancellationToken).ConfigureAwait(false);
            if (Name == EngineIoTransportNames.WebSocket && packets.Any(p => p.Type == EngineIoPacketType.Upgrade))
            {
                owner.OnUpgraded();
            }
        }

        // Forwarded: the session's flush before a DISCONNECT is the WebSocket's ping, which the default would skip.
        public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            _closed.Dispose();
            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
