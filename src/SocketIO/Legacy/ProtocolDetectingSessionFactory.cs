using System.Runtime.ExceptionServices;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// Opens Engine.IO-based sessions and tells socket.io 0.9 servers apart. In automatic mode the Engine.IO handshake goes
/// first (modern servers cost no extra request); only when it fails is the 0.9 handshake tried, and once a server has
/// answered it, reconnections go to 0.9 directly. With a forced Engine.IO-based <see cref="SocketIoClientOptions.Protocol"/>
/// the same probe after a failure turns "unknown packet type 'W'" into a <see cref="SocketIoProtocolMismatchException"/>.
/// </summary>
internal sealed class ProtocolDetectingSessionFactory : ISocketIoSessionFactory
{
    private readonly ISocketIoSessionFactory _modern;
    private readonly LegacySessionFactory _legacy;
    private readonly SocketIoClientOptions _options;
    private volatile bool _legacyDetected;

    public ProtocolDetectingSessionFactory(ISocketIoSessionFactory modern, LegacySessionFactory legacy, SocketIoClientOptions options)
    {
        _modern = modern;
        _legacy = legacy;
        _options = options;
    }

    /// <summary>The factory the client uses for <paramref name="options"/>.</summary>
    public static ISocketIoSessionFactory Create(Uri serverUri, SocketIoClientOptions options) => options.Protocol == SocketIoProtocol.V0_9
        ? new LegacySessionFactory(serverUri, options)
        : new ProtocolDetectingSessionFactory(new EngineIoSessionFactory(serverUri, options), new LegacySessionFactory(serverUri, options), options);

    public Task<SocketIoProtocolMismatchException?> DiagnoseAsync(Exception failure) =>
        _legacyDetected ? Task.FromResult<SocketIoProtocolMismatchException?>(null) : _modern.DiagnoseAsync(failure);

    /// <summary>Whether the server turned out to speak 0.9.</summary>
    public bool LegacyDetected => _legacyDetected;

    public async Task<ISocketIoSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (_legacyDetected)
        {
            return await _legacy.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _modern.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketIoConnectException modernFailure) when (modernFailure is not SocketIoProtocolMismatchException)
        {
            LegacyHandshake handshake;
            try
            {
                handshake = await _legacy.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SocketIoConnectException)
            {
                // Not a 0.9 server either: the Engine.IO error says what went wrong.
                ExceptionDispatchInfo.Capture(modernFailure).Throw();
                throw;
            }

            if (_options.Protocol != SocketIoProtocol.Auto)
            {
                // The server's 0.9 session from the probe is left to expire (its close timeout); nothing was joined.
                throw new SocketIoProtocolMismatchException(_options.Protocol, SocketIoProtocol.V0_9, modernFailure);
            }

            _legacyDetected = true;
            LegacySessionFactory.EnsureSupported(_options);
            return await _legacy.OpenAsync(handshake, cancellationToken).ConfigureAwait(false);
        }
    }
}
