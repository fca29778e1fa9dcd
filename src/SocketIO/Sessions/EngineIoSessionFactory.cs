using Tusk.EngineIO;
using Tusk.Internal;
using Tusk.SocketIO.Internal;
using Tusk.EngineIO.Transports;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Sessions;

/// <summary>Opens Engine.IO sessions configured from <see cref="SocketIoClientOptions"/>.</summary>
internal sealed class EngineIoSessionFactory : ISocketIoSessionFactory
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Uri _serverUri;
    private readonly SocketIoClientOptions _options;

    public EngineIoSessionFactory(Uri serverUri, SocketIoClientOptions options)
    {
        _serverUri = serverUri;
        _options = options;
    }

    public async Task<ISocketIoSession> OpenAsync(CancellationToken cancellationToken)
    {
        SocketIoHeaderOptions.Validate(_options);
        var engineOptions = CreateEngineOptions(_serverUri, _options);

        // The session is the engine's only reader, and the default parser copies what a packet keeps (the JSON parser
        // copies each argument; a header waiting for attachments is copied), so a message's bytes may be reused once
        // the next one is received: no array per received message.
        engineOptions.ReuseReceiveBuffers = _options.Parser is null or SocketIoTextParser;
        var engine = new EngineIoClient(EngineUri(_serverUri), engineOptions);
        try
        {
            await engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            // Cancellation stays cancellation; a refused header option is the caller's error, and nothing was sent.
            if (exception is OperationCanceledException or ArgumentException)
            {
                throw;
            }

            if (exception is EngineIoVersionMismatchException mismatch)
            {
                // The Engine.IO layer names its own option; the user of this layer sets SocketIoClientOptions.Protocol.
                throw new SocketIoProtocolMismatchException(
                    _options.Protocol, mismatch.ServerVersion == EngineIoVersion.V3 ? SocketIoProtocol.V4 : SocketIoProtocol.V5, mismatch);
            }

            if (await DiagnoseAsync(exception).ConfigureAwait(false) is { } refused)
            {
                throw refused;
            }

            var advice = ConnectFailureAdvice.Describe(exception, _serverUri, EndpointUri(_serverUri, _options), _options);
            var detail = exception.Message.TrimEnd();
            if (advice is not null)
            {
                detail = (detail.EndsWith('.') ? detail : detail + ".") + " " + advice;
            }

            throw new SocketIoConnectException($"Could not open a connection to {UriRedactor.Redact(_serverUri)}: {detail}", exception);
        }

        var protocol = engine.Version == EngineIoVersion.V4 ? SocketIoProtocol.V5
            : _options.Protocol == SocketIoProtocol.V3 ? SocketIoProtocol.V3
            : SocketIoProtocol.V4;
        try
        {
            return new EngineIoSession(engine, protocol, _options.Parser ?? SocketIoTextParser.Instance, _options.MaxAttachments, _options.MaxReceiveSize);
        }
        catch (NotSupportedException exception)
        {
            // The parser cannot speak what the server does (e.g. msgpack 3.x needs protocol v5, socket.io 3+).
            await engine.DisposeAsync().ConfigureAwait(false);
            throw new SocketIoConnectException("The server cannot be spoken to with the configured parser: " + exception.Message, exception);
        }
    }

    /// <summary>The Engine.IO endpoint requests go to (origin, URL path prefix and <see cref="SocketIoClientOptions.Path"/>), for messages.</summary>
    internal static Uri EndpointUri(Uri serverUri, SocketIoClientOptions options) =>
        new UriBuilder(EngineUri(serverUri)) { Path = serverUri.AbsolutePath.TrimEnd('/') + "/" + options.Path.Trim('/') + "/" }.Uri;

    /// <summary>
    /// After a failed open with a forced revision 3 (<see cref="SocketIoProtocol.V3"/>/<see cref="SocketIoProtocol.V4"/>)
    /// over WebSocket first: asks with one polling handshake whether the server refuses revision 3. Over polling the
    /// refusal is an HTTP 400 with code 5 that the Engine.IO layer reports itself; over WebSocket engine.io 6 writes it
    /// into the upgraded connection (a garbled frame) and engine.io 4 (socket.io 3.x) says nothing at all.
    /// </summary>
    /// <returns>The mismatch, or <see langword="null"/> when the probe shows none (or fails: it is best effort).</returns>
    public async Task<SocketIoProtocolMismatchException?> DiagnoseAsync(Exception failure)
    {
        var engineOptions = CreateEngineOptions(_serverUri, _options);
        if (_options.Protocol is not (SocketIoProtocol.V3 or SocketIoProtocol.V4) ||
            string.Equals(engineOptions.Transports[0], EngineIoTransportNames.Polling, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        engineOptions.Transports = [EngineIoTransportNames.Polling];
        engineOptions.Upgrade = false;
        engineOptions.ConnectTimeout = _options.ConnectTimeout < ProbeTimeout ? _options.ConnectTimeout : ProbeTimeout;
        var probe = new EngineIoClient(EngineUri(_serverUri), engineOptions);
        try
        {
            await probe.ConnectAsync().ConfigureAwait(false);
            return null;
        }
        catch (EngineIoVersionMismatchException)
        {
            return new SocketIoProtocolMismatchException(_options.Protocol, SocketIoProtocol.V5, failure);
        }
        catch (Exception exception) when (exception is EngineIoException or OperationCanceledException)
        {
            return null;
        }
        finally
        {
            await probe.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The server's origin; its path becomes a prefix of the Engine.IO path.</summary>
    internal static Uri EngineUri(Uri serverUri) => new UriBuilder(serverUri) { Path = "/", Query = string.Empty, Fragment = string.Empty }.Uri;

    /// <summary>
    /// The connection settings a session opens with: a copy of <see cref="SocketIoClientOptions.Connection"/> with the
    /// <c>Origin</c>/<c>Referer</c> that <see cref="SocketIoClientOptions.AddCorsHeaders"/> implies. Both the Engine.IO
    /// sessions and the socket.io 0.9 ones take their transports' settings from it.
    /// </summary>
    internal static EngineIoConnectionOptions CreateConnection(Uri serverUri, SocketIoClientOptions options)
    {
        var connection = options.Connection.Clone();
        connection.Origin = SocketIoHeaderOptions.Origin(serverUri, options);
        connection.Referer = SocketIoHeaderOptions.Referer(serverUri, options);
        return connection;
    }

    internal static EngineIoClientOptions CreateEngineOptions(Uri serverUri, SocketIoClientOptions options)
    {
        var prefix = serverUri.AbsolutePath.TrimEnd('/');
        var path = "/" + options.Path.Trim('/');
        var engine = new EngineIoClientOptions
        {
            Path = prefix + path,
            Version = EngineVersion(options),
            Transports = OrderedTransports(options),
            Upgrade = options.Upgrade,
            Connection = CreateConnection(serverUri, options),
            EnableCompression = options.EnableCompression,
            CompressionThreshold = options.CompressionThreshold,
            MaxFragmentsPerMessage = options.MaxFragmentsPerMessage,
            ConnectTimeout = options.ConnectTimeout,
            RequestTimeout = options.RequestTimeout,
            MaxReceiveSize = options.MaxReceiveSize,
            TransportFactory = options.TransportFactory,

            // The manager's receive loop only decodes and routes (user code runs on the dispatcher), so it can run on
            // the Engine.IO receive loop without a thread hand-off per message.
            InlineReceiveContinuations = true,
        };

        foreach (var pair in ParseQuery(serverUri.Query))
        {
            engine.Query[pair.Key] = pair.Value;
        }

        foreach (var pair in options.Query)
        {
            engine.Query[pair.Key] = pair.Value;
        }

        return engine;
    }

    /// <summary>
    /// The Engine.IO revision to ask for; <see cref="SocketIoProtocol.Auto"/> leaves detection to the Engine.IO layer
    /// (the handshake framing over polling; over a WebSocket-first connection to a server without <c>maxPayload</c>, a
    /// side polling handshake).
    /// </summary>
    private static EngineIoVersion EngineVersion(SocketIoClientOptions options) => options.Protocol switch
    {
        SocketIoProtocol.V5 => EngineIoVersion.V4,
        SocketIoProtocol.V3 or SocketIoProtocol.V4 => EngineIoVersion.V3,
        _ => EngineIoVersion.Auto,
    };

    /// <summary>Elephant.io's <c>transport</c> (initial transport) moved to the front of <c>transports</c>.</summary>
    private static List<string> OrderedTransports(SocketIoClientOptions options)
    {
        var transports = options.Transports.Count == 0
            ? [EngineIoTransportNames.Polling, EngineIoTransportNames.WebSocket]
            : options.Transports.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (options.Transport is { } first)
        {
            transports.Remove(first);
            transports.Insert(0, first);
        }

        return transports;
    }

    internal static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query)
    {
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..]);
            yield return new KeyValuePair<string, string>(key, value);
        }
    }
}
