using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tusk.EngineIO;
using Tusk.EngineIO.Transports;
using Tusk.Transport.WebSocket;

namespace Tusk.SocketIO;

/// <summary>
/// Everything a <see cref="SocketIoClient"/> can be configured with. A plain settable object: it can be bound from
/// <c>IConfiguration</c> (strings, numbers, booleans, <see cref="TimeSpan"/>, <see cref="Uri"/>, lists and dictionaries);
/// the delegate and object-typed members are set in code.
/// </summary>
/// <remarks>
/// Thread safety: not synchronized. Set it up on one thread, then hand it to <see cref="SocketIoClient"/>, which
/// reads it from its own threads from then on: do not change it afterwards (a client that is running may read a
/// changed value half-way).
/// </remarks>
public sealed class SocketIoClientOptions
{
    private EngineIoConnectionOptions _connection = new();

    /// <summary>
    /// The connection settings both transports share (the Engine.IO layer's <see cref="EngineIoConnectionOptions"/>):
    /// headers, cookies, TLS, proxy, the HTTP stack for polling, logging and the clock. The members of this class that
    /// name a connection setting (<see cref="ExtraHeaders"/>, <see cref="Cookies"/>, <see cref="Proxy"/>,
    /// <see cref="TimeProvider"/>, ...) read and write this object. A session gets a copy of it when it opens.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public EngineIoConnectionOptions Connection
    {
        get => _connection;
        set => _connection = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The server URL, e.g. <c>https://example.com</c>. A path in the URL (<c>https://example.com/my</c>) is a prefix
    /// placed before <see cref="Path"/> (Elephant.io's URL path), not a namespace. Used by <see cref="SocketIoClient(SocketIoClientOptions)"/>.
    /// </summary>
    public Uri? ServerUri { get; set; }

    /// <summary>The Socket.IO endpoint path on the server (Elephant.io <c>sio_path</c>). Default <c>/socket.io</c>.</summary>
    public string Path { get; set; } = "/socket.io";

    /// <summary>
    /// The namespace the client object itself joins, e.g. <c>/admin</c> (the JS client takes it from the URL path:
    /// <c>io("https://example.com/admin")</c>); other namespaces come from <see cref="SocketIoClient.Of(string)"/>.
    /// A missing leading <c>/</c> is added. Default <c>/</c>.
    /// </summary>
    public string Namespace { get; set; } = "/";

    /// <summary>The Socket.IO protocol revision; <see cref="SocketIoProtocol.Auto"/> (default) detects it.</summary>
    public SocketIoProtocol Protocol { get; set; } = SocketIoProtocol.Auto;

    /// <summary>
    /// Enabled transports in the order they are tried, e.g. <c>["websocket"]</c>. Empty (default) means
    /// <c>["polling", "websocket"]</c>; it starts empty so that configuration binding replaces rather than appends.
    /// </summary>
    public IList<string> Transports { get; set; } = new List<string>();

    /// <summary>
    /// The transport to open the connection with (Elephant.io <c>transport</c>); <see langword="null"/> (default) uses the
    /// first entry of <see cref="Transports"/>. <c>"websocket"</c> connects with WebSocket directly.
    /// </summary>
    public string? Transport { get; set; }

    /// <summary>Whether to upgrade from polling to WebSocket when the server offers it. Default <see langword="true"/>.</summary>
    public bool Upgrade { get; set; } = true;

    /// <summary>
    /// The auth payload sent in every namespace CONNECT (Socket.IO v5 servers, i.e. socket.io 3.x/4.x), serialized with
    /// <see cref="JsonSerializerOptions"/>. Ignored when <see cref="AuthProvider"/> is set. Default <see langword="null"/>.
    /// </summary>
    public object? Auth { get; set; }

    /// <summary>
    /// Produces the auth payload; evaluated again before every connection and reconnection attempt (token refresh).
    /// Takes precedence over <see cref="Auth"/>. Default <see langword="null"/>.
    /// </summary>
    public Func<CancellationToken, ValueTask<object?>>? AuthProvider { get; set; }

    /// <summary>Query parameters added to every request (and, on Socket.IO v4 servers, to namespace CONNECTs).</summary>
    public IDictionary<string, string> Query { get; set; } = new Dictionary<string, string>();

    /// <summary>Extra HTTP headers for every polling request and the WebSocket handshake (Elephant.io <c>headers</c>). Same as <see cref="EngineIoConnectionOptions.Headers"/> on <see cref="Connection"/>.</summary>
    public IDictionary<string, string> ExtraHeaders
    {
        get => Connection.Headers;
        set => Connection.Headers = value;
    }

    /// <summary>Cookie jar shared by polling requests and the WebSocket handshake (load-balancer stickiness). Default none. Same as <see cref="EngineIoConnectionOptions.Cookies"/> on <see cref="Connection"/>.</summary>
    public CookieContainer? Cookies
    {
        get => Connection.Cookies;
        set => Connection.Cookies = value;
    }

    /// <summary>The <c>User-Agent</c> header (Elephant.io <c>ua</c>); <see langword="null"/> (default) lets the transport choose. Same as <see cref="EngineIoConnectionOptions.UserAgent"/> on <see cref="Connection"/>.</summary>
    public string? UserAgent
    {
        get => Connection.UserAgent;
        set => Connection.UserAgent = value;
    }

    /// <summary>The <c>Origin</c> header; <see langword="null"/> (default) sends none unless <see cref="AddCorsHeaders"/>. Same as <see cref="EngineIoConnectionOptions.Origin"/> on <see cref="Connection"/>.</summary>
    public string? Origin
    {
        get => Connection.Origin;
        set => Connection.Origin = value;
    }

    /// <summary>The <c>Referer</c> header; <see langword="null"/> (default) sends none unless <see cref="AddCorsHeaders"/>. Same as <see cref="EngineIoConnectionOptions.Referer"/> on <see cref="Connection"/>.</summary>
    public string? Referer
    {
        get => Connection.Referer;
        set => Connection.Referer = value;
    }

    /// <summary>
    /// Elephant.io <c>cors</c>: when <see langword="true"/>, <c>Origin</c> and <c>Referer</c> default to the server URL's
    /// origin if <see cref="Origin"/>/<see cref="Referer"/> are not set. Default <see langword="false"/>.
    /// </summary>
    public bool AddCorsHeaders { get; set; }

    /// <summary>HTTP keep-alive (Elephant.io <c>reuse_connection</c>); <see langword="false"/> sends <c>Connection: close</c>. Default <see langword="true"/>. Same as <see cref="EngineIoConnectionOptions.KeepAlive"/> on <see cref="Connection"/>.</summary>
    public bool KeepAlive
    {
        get => Connection.KeepAlive;
        set => Connection.KeepAlive = value;
    }

    /// <summary>Time allowed for one connection attempt: Engine.IO handshake plus namespace CONNECT. Default 20 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed for one HTTP request of the polling transport. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Default time to wait for an acknowledgement; <see langword="null"/> (default) waits until disconnect or cancellation.</summary>
    public TimeSpan? AckTimeout { get; set; }

    /// <summary>
    /// How many times an emit that expects an ack is sent again when its ack times out (JS <c>retries</c>). Emits with
    /// retries are delivered one at a time, in order. Default 0.
    /// </summary>
    public int Retries { get; set; }

    /// <summary>Whether to reconnect automatically after the connection is lost. Default <see langword="true"/>.</summary>
    public bool Reconnection { get; set; } = true;

    /// <summary>How many reconnection attempts the default backoff makes before giving up. Default
    /// <see cref="int.MaxValue"/> (unlimited). Not used when <see cref="ReconnectionPolicy"/> is set.</summary>
    public int ReconnectionAttempts { get; set; } = int.MaxValue;

    /// <summary>The first reconnection delay of the default backoff; doubled on every attempt. Default 1 s. Not used
    /// when <see cref="ReconnectionPolicy"/> is set.</summary>
    public TimeSpan ReconnectionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnection delay of the default backoff. Default 5 s. Not used when
    /// <see cref="ReconnectionPolicy"/> is set.</summary>
    public TimeSpan ReconnectionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jitter applied to each reconnection delay of the default backoff, between 0 and 1. Default 0.5. Not
    /// used when <see cref="ReconnectionPolicy"/> is set.</summary>
    public double RandomizationFactor { get; set; } = 0.5;

    /// <summary>
    /// Decides the delay before each reconnection attempt, and when to stop, from the attempt number, the time spent
    /// reconnecting and the last error. <see langword="null"/> (default) uses the JS client's exponential backoff
    /// configured by <see cref="ReconnectionDelay"/>, <see cref="ReconnectionDelayMax"/>,
    /// <see cref="RandomizationFactor"/> and <see cref="ReconnectionAttempts"/>. <see cref="Reconnection"/> still
    /// switches reconnection off entirely.
    /// </summary>
    public ISocketIoReconnectionPolicy? ReconnectionPolicy { get; set; }

    /// <summary>Validates the server certificate (TLS); <see langword="null"/> (default) uses the system's validation. Same as <see cref="EngineIoConnectionOptions.RemoteCertificateValidationCallback"/> on <see cref="Connection"/>.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback
    {
        get => Connection.RemoteCertificateValidationCallback;
        set => Connection.RemoteCertificateValidationCallback = value;
    }

    /// <summary>Client certificates offered during the TLS handshake. Default none. Same as <see cref="EngineIoConnectionOptions.ClientCertificates"/> on <see cref="Connection"/>.</summary>
    public X509CertificateCollection? ClientCertificates
    {
        get => Connection.ClientCertificates;
        set => Connection.ClientCertificates = value;
    }

    /// <summary>
    /// Accepts any server certificate (self-signed development servers; Elephant.io <c>verify_peer=false</c>). Never use
    /// in production. Default <see langword="false"/>.
    /// Same as <see cref="EngineIoConnectionOptions.DangerousAcceptAnyServerCertificate"/> on <see cref="Connection"/>.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate
    {
        get => Connection.DangerousAcceptAnyServerCertificate;
        set => Connection.DangerousAcceptAnyServerCertificate = value;
    }

    /// <summary>
    /// Serializer options for event arguments, acks and auth; set <see cref="JsonSerializerOptions.TypeInfoResolver"/>
    /// to a source-generated <c>JsonSerializerContext</c> for trimming/AOT. <see langword="null"/> (default) uses
    /// <see cref="System.Text.Json.JsonSerializerOptions.Default"/>.
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>
    /// Elephant.io <c>binary_as_resource</c>: when <see langword="true"/>, <see cref="SocketIoArguments.GetValue(int)"/>
    /// returns binary arguments as a <see cref="Stream"/>; when <see langword="false"/> (default) as <c>byte[]</c>.
    /// Typed reads (<c>GetValue&lt;byte[]&gt;</c>, <c>GetValue&lt;Stream&gt;</c>) are unaffected.
    /// </summary>
    public bool BinaryAsStream { get; set; }

    /// <summary>
    /// How many received events the pull-style API (<c>WaitAsync</c>, <c>DrainAsync</c>) keeps per namespace before it
    /// drops the oldest. An event is kept only when no handler (<c>On</c>, <c>Once</c>, <c>OnAny</c>) and no
    /// <c>ReadEventsAsync</c> stream took it; a pending <c>WaitAsync</c> gets it either way. 0 disables the pull buffer.
    /// Default 1024.
    /// </summary>
    public int ReceiveBufferCapacity { get; set; } = 1024;

    /// <summary>
    /// How many bytes of events (their size on the wire: JSON text plus binary attachments) the pull buffer keeps per
    /// namespace before it drops the oldest; an event larger than this is not kept (a warning is logged), but still
    /// reaches a pending <c>WaitAsync</c>. Default 16 MiB.
    /// </summary>
    public long ReceiveBufferMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many bytes of received events (their size on the wire) may wait for their handlers (<c>On</c>, <c>Once</c>,
    /// <c>OnAny</c>), for all namespaces of the connection together. Past it the client stops reading from the connection
    /// until the handlers catch up, so the transport's flow control holds the server back (as a JS client's busy event
    /// loop does); no event is dropped, and lifecycle events (<c>Connected</c>, <c>Disconnected</c>, <c>ConnectError</c>,
    /// reconnection events) are always delivered. Acks and pings are read again once the handlers have caught up: a
    /// handler that blocks its thread on the connection's own traffic (<c>.Result</c> on an ack) rather than awaiting it
    /// can stall the connection. Default 16 MiB.
    /// </summary>
    public long HandlerQueueMaxBytes { get; set; } = Internal.HandlerDispatcher.DefaultMaxBytes;

    /// <summary>
    /// The largest message, polling response or binary packet (with all its attachments) accepted from the server, in
    /// bytes; anything larger ends the connection with an error instead of being buffered. Applies to every protocol and
    /// transport. Default 100 MB.
    /// </summary>
    public long MaxReceiveSize { get; set; } = 100_000_000;

    /// <summary>How many emits are buffered while disconnected, per namespace, before emitting fails; with socket.io 0.9
    /// also how many replies the server asked for (simple acks) may wait to be written before the session ends. Default 1024.</summary>
    public int SendBufferCapacity { get; set; } = 1024;

    /// <summary>The largest number of binary attachments accepted in one packet from the server. Default 10 (as socket.io's parser).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// How packets are encoded on the wire (JS <c>parser</c>); the server must use the same. <see langword="null"/>
    /// (default) uses <see cref="Protocol.SocketIoTextParser"/>, socket.io's default parser. For servers started with
    /// socket.io-msgpack-parser use <c>MessagePackParser</c> from the Tusk.SocketIO.MessagePack package. Set in code.
    /// </summary>
    public Protocol.ISocketIoParser? Parser { get; set; }

    /// <summary>
    /// Tags <c>socketio.client.messages.sent</c> and <c>.received</c> with <c>socketio.event.name</c>. Off by default:
    /// event names are chosen by applications and servers, and one tag value per name can multiply the time series a
    /// metrics backend keeps; turn it on when the set of event names is small and fixed. Traces always carry the name.
    /// </summary>
    public bool MetricsIncludeEventNames { get; set; }

    /// <summary>
    /// Offer permessage-deflate on the WebSocket transport (JS <c>perMessageDeflate</c>); used when the server accepts
    /// it (socket.io servers started with <c>perMessageDeflate</c>). Each emit may opt out with
    /// <see cref="SocketIoEmitOptions.Compress"/>. Default <see langword="false"/>.
    /// </summary>
    public bool EnableCompression { get; set; }

    /// <summary>
    /// With compression in use, WebSocket messages shorter than this many bytes go uncompressed (JS
    /// <c>perMessageDeflate.threshold</c>). Default 1024; 0 compresses every message.
    /// </summary>
    public int CompressionThreshold { get; set; } = 1024;

    /// <summary>
    /// The most WebSocket frames one message may arrive in; a server that goes past it (for instance with endless empty
    /// continuation frames) fails the connection with close code 1009. Default 65,536.
    /// </summary>
    public int MaxFragmentsPerMessage { get; set; } = global::Tusk.Transport.WebSocket.WebSocketConnectionOptions.DefaultMaxFragmentsPerMessage;

    /// <summary>
    /// An HTTP proxy for both transports (JS: an <c>agent</c> in Node.js): polling requests go through it and the
    /// WebSocket through a <c>CONNECT</c> tunnel, also after an upgrade. User info
    /// (<c>http://user:password@proxy:3128</c>) authenticates with Basic. <see langword="null"/> (default): polling uses
    /// the system proxy settings, the WebSocket connects directly. For polling it is ignored when
    /// <see cref="HttpMessageHandler"/> or <see cref="HttpClient"/> is set (give those the proxy).
    /// Same as <see cref="EngineIoConnectionOptions.Proxy"/> on <see cref="Connection"/>.
    /// </summary>
    public Uri? Proxy
    {
        get => Connection.Proxy;
        set => Connection.Proxy = value;
    }

    /// <summary>Handler used for polling requests and the WebSocket handshake's TLS settings, if the transport supports it. Same as <see cref="EngineIoConnectionOptions.HttpMessageHandler"/> on <see cref="Connection"/>.</summary>
    public HttpMessageHandler? HttpMessageHandler
    {
        get => Connection.HttpMessageHandler;
        set => Connection.HttpMessageHandler = value;
    }

    /// <summary>A ready <see cref="System.Net.Http.HttpClient"/> for polling requests; takes precedence over <see cref="HttpMessageHandler"/>. Same as <see cref="EngineIoConnectionOptions.HttpClient"/> on <see cref="Connection"/>.</summary>
    public HttpClient? HttpClient
    {
        get => Connection.HttpClient;
        set => Connection.HttpClient = value;
    }

    /// <summary>Custom Engine.IO transports (see <see cref="IEngineIoTransportFactory"/>); <see langword="null"/> uses the built-in ones.</summary>
    public IEngineIoTransportFactory? TransportFactory { get; set; }

    /// <summary>Logging; <see langword="null"/> (default) logs nothing. Same as <see cref="EngineIoConnectionOptions.LoggerFactory"/> on <see cref="Connection"/>.</summary>
    public ILoggerFactory? LoggerFactory
    {
        get => Connection.LoggerFactory;
        set => Connection.LoggerFactory = value;
    }

    /// <summary>The factory of the layers' meters (docs/observability.md); <see langword="null"/> (default): process-wide
    /// meters; with dependency injection, the container's. Same as <see cref="EngineIoConnectionOptions.MeterFactory"/> on <see cref="Connection"/>.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory
    {
        get => Connection.MeterFactory;
        set => Connection.MeterFactory = value;
    }

    /// <summary>Send the current W3C trace context in the handshake (default <see langword="false"/>). Same as
    /// <see cref="EngineIoConnectionOptions.PropagateTraceContext"/> on <see cref="Connection"/>.</summary>
    public bool PropagateTraceContext
    {
        get => Connection.PropagateTraceContext;
        set => Connection.PropagateTraceContext = value;
    }

    /// <summary>
    /// Run what waits on an acknowledgement (the continuation of <c>await EmitWithAckAsync(...)</c> without a
    /// synchronization context, or a <c>ContinueWith</c> with <see cref="TaskContinuationOptions.ExecuteSynchronously"/>)
    /// on the thread that receives the answer (default <see langword="false"/>: on the thread pool, in the order the
    /// answers arrived, one work item serving the answers that arrive while it runs). Saves the thread hand-off, which is most of the gain for a load
    /// generator with many connections (tusk bench sets it, with <see cref="SocketCompletions"/> = <see cref="SocketCompletionMode.Inline"/>). That code then
    /// runs on the connection's receive loop: it must be short and never block, since every later packet of the
    /// connection waits behind it. Failed acknowledgements (timeouts, disconnects) complete from the thread pool either way.
    /// </summary>
    public bool InlineAckContinuations { get; set; }

    /// <summary>WebSocket: which thread completes the socket's I/O, and with it the receive path up to the hand-off to
    /// handlers: the runtime's socket thread (less CPU per message) or the thread pool. Handlers always run off the socket
    /// thread, and so do ack continuations unless <see cref="InlineAckContinuations"/>. Default <see cref="SocketCompletionMode.Auto"/>: inline for the process's first four
    /// concurrent inline connections, the thread pool beyond them. Same as
    /// <see cref="EngineIoConnectionOptions.SocketCompletions"/> on <see cref="Connection"/>, which says when to change it.</summary>
    public SocketCompletionMode SocketCompletions
    {
        get => Connection.SocketCompletions;
        set => Connection.SocketCompletions = value;
    }

    /// <summary>
    /// The clock of every timer and timeout: <see cref="AckTimeout"/>, <see cref="ConnectTimeout"/>, the reconnection
    /// delays (and the elapsed time a <see cref="ReconnectionPolicy"/> is given), the waits of
    /// <see cref="SocketIoSocket.WaitAsync(string?, TimeSpan, CancellationToken)"/>, and, passed down to the session the
    /// client opens, its heartbeats, <see cref="RequestTimeout"/>, close deadlines and (socket.io 0.9) heartbeat timeout. Tests set a fake one (e.g. <c>FakeTimeProvider</c>) to drive these without
    /// waiting. Default <see cref="TimeProvider.System"/>; with dependency injection, the <see cref="TimeProvider"/>
    /// registered in the container, if any.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => Connection.TimeProvider;
        set => Connection.TimeProvider = value;
    }
}
