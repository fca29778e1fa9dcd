#pragma warning disable CS0067 // Stub: the events are raised once the session is implemented.
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO;

/// <summary>
/// An Engine.IO v3/v4 client session: handshake, heartbeat, ordered thread-safe sends, the upgrade from polling to
/// WebSocket and close in both directions.
/// </summary>
public sealed partial class EngineIOClient : IAsyncDisposable
{
    /// <summary>Creates a client; nothing is sent until <see cref="ConnectAsync"/>.</summary>
    /// <param name="serverUri">The server, e.g. <c>http://localhost:3000</c> (<c>ws</c>/<c>wss</c> also accepted).</param>
    /// <param name="options">The options; null uses the defaults. The client keeps a reference: do not change them after connecting.</param>
    public EngineIOClient(Uri serverUri, EngineIOClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        Options = options ?? new EngineIOClientOptions();
        ServerUri = serverUri;
    }

    /// <summary>The server URI.</summary>
    public Uri ServerUri { get; }

    /// <summary>The options.</summary>
    public EngineIOClientOptions Options { get; }

    /// <summary>The server's handshake; null until connected.</summary>
    public EngineIOHandshake? Handshake => throw new NotImplementedException();

    /// <summary>The negotiated revision; <see cref="EngineIOVersion.Auto"/> until connected.</summary>
    public EngineIOVersion Version => throw new NotImplementedException();

    /// <summary>The name of the current transport (<c>polling</c>, <c>websocket</c> or a custom one); null before connecting.</summary>
    public string? TransportName => throw new NotImplementedException();

    /// <summary>True while the session is open.</summary>
    public bool IsConnected => throw new NotImplementedException();

    /// <summary>Why the session ended; null while it has not.</summary>
    public EngineIOCloseReason? CloseReason => throw new NotImplementedException();

    /// <summary>The failure that ended the session, if any.</summary>
    public Exception? CloseException => throw new NotImplementedException();

    /// <summary>Raised once the handshake completed.</summary>
    public event EventHandler<EngineIOOpenedEventArgs>? Opened;

    /// <summary>Raised when the session moved to a new transport.</summary>
    public event EventHandler<EngineIOUpgradeEventArgs>? Upgraded;

    /// <summary>Raised when an upgrade attempt failed; the session stays on its transport.</summary>
    public event EventHandler<EngineIOUpgradeEventArgs>? UpgradeFailed;

    /// <summary>Raised for every packet received (heartbeats included).</summary>
    public event EventHandler<EngineIOPacketEventArgs>? PacketReceived;

    /// <summary>Raised for every packet handed to the transport.</summary>
    public event EventHandler<EngineIOPacketEventArgs>? PacketSent;

    /// <summary>Raised when the server pinged (revision 4); the pong has been queued.</summary>
    public event EventHandler<EngineIOHeartbeatEventArgs>? PingReceived;

    /// <summary>Raised when the client sent a ping (revision 3).</summary>
    public event EventHandler<EngineIOHeartbeatEventArgs>? PingSent;

    /// <summary>Raised when the server answered a ping (revision 3), with the latency.</summary>
    public event EventHandler<EngineIOHeartbeatEventArgs>? PongReceived;

    /// <summary>Raised once when the session ended.</summary>
    public event EventHandler<EngineIOClosedEventArgs>? Closed;

    /// <summary>
    /// Opens the session: handshake on the first transport, revision detection in <see cref="EngineIOVersion.Auto"/>
    /// mode, then (if allowed) the upgrade runs in the background.
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="EngineIOException">The server refused or the handshake failed.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Sends a text message. Thread-safe; messages go out in call order.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels waiting for the message to be handed to the transport.</param>
    public ValueTask SendAsync(string text, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Sends a binary message. Thread-safe; messages go out in call order. The bytes must not change until the returned task completes.</summary>
    /// <param name="binary">The bytes.</param>
    /// <param name="cancellationToken">Cancels waiting for the message to be handed to the transport.</param>
    public ValueTask SendAsync(ReadOnlyMemory<byte> binary, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Receives the next message; returns null once the session has ended and all messages were read.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public ValueTask<EngineIOMessage?> ReceiveAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Closes the session: sends the close packet, stops the transports and raises <see cref="Closed"/>.</summary>
    /// <param name="cancellationToken">Bounds the graceful part; the transports are torn down regardless.</param>
    public Task CloseAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Closes the session (see <see cref="CloseAsync"/>).</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
