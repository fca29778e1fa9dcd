using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.Internal;
using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Sessions;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.SocketIO.Legacy;

/// <summary>Opens socket.io 0.9 sessions: handshake, then the first transport both sides accept.</summary>
internal sealed partial class LegacySessionFactory : ISocketIoSessionFactory
{
    /// <summary>A GET to the 0.9 server must outlive its polling duration (20 s by default), whatever RequestTimeout says.</summary>
    private static readonly TimeSpan MinimumPollTimeout = TimeSpan.FromSeconds(25);

    private readonly SocketIoClientOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public LegacySessionFactory(Uri serverUri, SocketIoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        ArgumentNullException.ThrowIfNull(options);
        ServerUri = serverUri;
        _options = options;
        Endpoints = new LegacyEndpoints(serverUri, options);
        _loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory is NullLoggerFactory ? NullLogger<LegacySessionFactory>.Instance : _loggerFactory.CreateLogger<LegacySessionFactory>();
    }

    public Uri ServerUri { get; }

    public LegacyEndpoints Endpoints { get; }

    /// <exception cref="NotSupportedException">The options ask for something 0.9 cannot do (an auth payload, a custom parser).</exception>
    public static void EnsureSupported(SocketIoClientOptions options)
    {
        if (options.Parser is not null and not Protocol.SocketIoTextParser)
        {
            throw new NotSupportedException(
                $"The server speaks the {LegacyPacketTranslator.ServerVersion} protocol, which has its own packet format: " +
                "custom parsers (SocketIoClientOptions.Parser) need socket.io 1.x or newer. Remove Parser for this server.");
        }

        if (options.Auth is not null || options.AuthProvider is not null)
        {
            throw new NotSupportedException(
                $"The server speaks the {LegacyPacketTranslator.ServerVersion} protocol, which has no auth payload: remove Auth/AuthProvider " +
                "and send credentials in ExtraHeaders or Query instead (the server sees them in socket.handshake).");
        }
    }

    public async Task<ISocketIoSession> OpenAsync(CancellationToken cancellationToken)
    {
        EnsureSupported(_options);
        var handshake = await HandshakeAsync(cancellationToken).ConfigureAwait(false);
        return await OpenAsync(handshake, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Performs the 0.9 handshake.</summary>
    /// <exception cref="SocketIoConnectException">Unreachable server, refused handshake, or an answer that is not 0.9.</exception>
    /// <exception cref="ArgumentException">A header option could split a request (checked before anything is sent).</exception>
    public async Task<LegacyHandshake> HandshakeAsync(CancellationToken cancellationToken)
    {
        SocketIoHeaderOptions.Validate(_options);
        using var handler = CreateNonPoolingHandler();
        using var channel = new PollingChannel(CreatePollingOptions(_options.RequestTimeout, handler));
        PollingResponse response;
        try
        {
            response = await channel.GetAsync(Endpoints.Handshake, cancellationToken).ConfigureAwait(false);
        }
        catch (PollingRequestException exception)
        {
            if (exception.ServerErrorCode is not null)
            {
                // An Engine.IO error body ({"code":0,"message":"Transport unknown"}): an engine.io server owns the path.
                throw new SocketIoProtocolMismatchException(_options.Protocol, serverProtocol: null, exception);
            }

            var detail = exception.StatusCode is { } status
                ? $"HTTP {status}{(string.IsNullOrEmpty(exception.ResponseBody) ? string.Empty : " " + exception.ResponseBody)}"
                : exception.Message;
            throw new SocketIoConnectException(
                $"The {LegacyPacketTranslator.ServerVersion} handshake at {UriRedactor.Redact(Endpoints.Handshake)} failed: {detail}", exception);
        }

        var body = Encoding.UTF8.GetString(response.Body.Span);
        try
        {
            var handshake = LegacyHandshake.Parse(body);
            Log.Handshaken(_logger, handshake.SessionId, string.Join(",", handshake.Transports));
            return handshake;
        }
        catch (SocketIoProtocolException exception)
        {
            throw new SocketIoConnectException($"{UriRedactor.Redact(Endpoints.Handshake)} did not answer like a {LegacyPacketTranslator.ServerVersion} server: {exception.Message}", exception);
        }
    }

    /// <summary>Opens a transport for a handshake already made, trying the acceptable transports in order.</summary>
    public async Task<LegacySession> OpenAsync(LegacyHandshake handshake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        SocketIoHeaderOptions.Validate(_options);
        var candidates = LegacyTransportNames.Choose(_options, handshake.Transports);
        if (candidates.Count == 0)
        {
            throw new SocketIoConnectException(
                $"The {LegacyPacketTranslator.ServerVersion} server offers [{string.Join(", ", handshake.Transports)}] but the client allows " +
                $"[{string.Join(", ", _options.Transports)}]; none of them match (0.9 transports: websocket, xhr-polling).");
        }

        Exception? last = null;
        foreach (var name in candidates)
        {
            try
            {
                var transport = await OpenTransportAsync(name, handshake, cancellationToken).ConfigureAwait(false);
                Log.TransportOpened(_logger, name, handshake.SessionId);
                return new LegacySession(handshake, transport, _loggerFactory.CreateLogger<LegacySession>(), _options.TimeProvider, _options.SendBufferCapacity);
            }
            catch (Exception exception) when (exception is not ArgumentException && (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                Log.TransportFailed(_logger, name, exception);
                last = exception;
            }
        }

        throw new SocketIoConnectException(
            $"No socket.io 0.9 transport could be opened ([{string.Join(", ", candidates)}] tried): {last!.Message}", last);
    }

    private async Task<ILegacyTransport> OpenTransportAsync(string name, LegacyHandshake handshake, CancellationToken cancellationToken)
    {
        if (name == LegacyEndpoints.WebSocketTransport)
        {
            return await LegacyWebSocketTransport.ConnectAsync(Endpoints.WebSocket(handshake.SessionId), CreateWebSocketOptions(), cancellationToken)
                .ConfigureAwait(false);
        }

        // The server answers every poll within its polling duration (a noop when idle), which it keeps below its close
        // timeout; a poll that outlives all of these means the server is gone.
        var pollTimeout = Max(Max(_options.RequestTimeout, MinimumPollTimeout), handshake.CloseTimeout ?? TimeSpan.Zero);
        var handler = CreateNonPoolingHandler();
        return new LegacyPollingTransport(new PollingChannel(CreatePollingOptions(pollTimeout, handler)), Endpoints.Polling(handshake.SessionId), handler);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// With KeepAlive off, a handler that never reuses a connection. 0.9 answers "Connection: Keep-Alive" even to
    /// "Connection: close" requests, so a pooling client sends the next request on a socket the server is closing, and
    /// the server answers it with 400.
    /// </summary>
    private SocketsHttpHandler? CreateNonPoolingHandler()
    {
        // With a proxy the channel's own handler carries it; "Connection: close" still goes with every request.
        if (_options.KeepAlive || _options.Proxy is not null || _options.HttpMessageHandler is not null || _options.HttpClient is not null)
        {
            return null;
        }

        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,

            // As the polling channel's own handler: a redirect would carry cookies and custom headers to another host
            // and turn a POST into a body-less GET; the channel reports the 3xx instead.
            AllowAutoRedirect = false,
            ConnectTimeout = _options.ConnectTimeout,

            // Trace context only with EngineIoConnectionOptions.PropagateTraceContext (see PollingChannel).
            ActivityHeadersPropagator = null,
        };
        if (CertificateValidation is not null || _options.ClientCertificates is not null)
        {
            handler.SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = CertificateValidation,
                ClientCertificates = _options.ClientCertificates,
            };
        }

        return handler;
    }

    internal PollingClientOptions CreatePollingOptions(TimeSpan requestTimeout, HttpMessageHandler? handler = null)
    {
        var polling = EngineIoSessionFactory.CreateConnection(ServerUri, _options).CreatePollingOptions();
        polling.TimestampRequests = true;
        polling.TimestampParameter = "t";
        polling.RequestTimeout = requestTimeout;
        polling.MaxResponseSize = _options.MaxReceiveSize;
        polling.HttpMessageHandler = handler ?? polling.HttpMessageHandler;
        return polling;
    }

    internal WebSocketClientOptions CreateWebSocketOptions()
    {
        var webSocket = EngineIoSessionFactory.CreateConnection(ServerUri, _options).CreateWebSocketOptions();
        webSocket.ConnectTimeout = _options.ConnectTimeout;
        webSocket.MaxMessageSize = _options.MaxReceiveSize;
        webSocket.MaxFragmentsPerMessage = _options.MaxFragmentsPerMessage;
        return webSocket;
    }

    private System.Net.Security.RemoteCertificateValidationCallback? CertificateValidation =>
        ServerCertificateValidation.Choose(_options.DangerousAcceptAnyServerCertificate, _options.RemoteCertificateValidationCallback);
}
