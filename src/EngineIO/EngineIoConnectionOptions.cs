using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Tusk.Internal;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO;

/// <summary>
/// The connection settings both transports share, in one place (as SignalR's <c>HttpConnectionOptions</c>): headers,
/// cookies, TLS (server-certificate validation and client certificates), proxy, the HTTP stack for polling, logging and
/// the clock. <see cref="EngineIoClientOptions.Connection"/> holds one (so does <c>SocketIoClientOptions.Connection</c>);
/// <see cref="CreatePollingOptions"/> and <see cref="CreateWebSocketOptions"/> turn it into a transport's own options,
/// which is how the built-in transports are configured and how a custom transport can be.
/// </summary>
/// <remarks>A plain settable object; not thread-safe. Set it before connecting: a session reads it when it opens.</remarks>
public sealed class EngineIoConnectionOptions
{
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Extra HTTP headers sent on every polling request and on the WebSocket handshake (names are
    /// case-insensitive). Default: empty.</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The cookie jar shared by polling requests and the WebSocket handshake (sticky sessions behind load balancers).
    /// Default null: an Engine.IO client creates one per session.
    /// </summary>
    public CookieContainer? Cookies { get; set; }

    /// <summary>The <c>User-Agent</c> header; null sends none.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The <c>Origin</c> header; null sends none.</summary>
    public string? Origin { get; set; }

    /// <summary>The <c>Referer</c> header; null sends none.</summary>
    public string? Referer { get; set; }

    /// <summary>Keep HTTP connections alive between polls. Default true; false sends <c>Connection: close</c>.</summary>
    public bool KeepAlive { get; set; } = true;

    /// <summary>
    /// An HTTP proxy for both transports: polling requests go through it (absolute-form requests for <c>http</c>,
    /// a <c>CONNECT</c> tunnel for <c>https</c>), the WebSocket through a <c>CONNECT</c> tunnel. User info in the URI
    /// (<c>http://user:password@proxy:3128</c>) is sent as <c>Proxy-Authorization: Basic</c>. Default null: polling uses
    /// the HTTP handler's default (the system proxy settings), the WebSocket connects directly. Ignored for polling when
    /// <see cref="HttpMessageHandler"/> or <see cref="HttpClient"/> is set (configure the proxy there).
    /// </summary>
    public Uri? Proxy { get; set; }

    /// <summary>The HTTP handler for polling requests (proxy, TLS, credentials); not disposed by the client. Ignored when
    /// <see cref="HttpClient"/> is set.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>The HTTP client for polling requests; not disposed by the client. Its own timeout should be infinite or
    /// above the request timeout.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Validates the server certificate on both transports (for polling, when the client builds the HTTP handler
    /// itself). Default null: the platform validates the chain and host name.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback { get; set; }

    /// <summary>Client certificates offered on both transports (for polling, when the client builds the HTTP handler
    /// itself). Default null.</summary>
    public X509CertificateCollection? ClientCertificates { get; set; }

    /// <summary>
    /// Accepts any server certificate on both transports (self-signed development servers; Elephant.io
    /// <c>verify_peer=false</c>); takes precedence over <see cref="RemoteCertificateValidationCallback"/>. Never use in
    /// production. Default false.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }

    /// <summary>
    /// WebSocket only: which thread completes the socket I/O under the WebSocket
    /// (<see cref="WebSocketClientOptions.SocketCompletions"/>). Inline, each received message reaches the client's
    /// hand-off without a thread hop, on the runtime's socket thread: less CPU per message and higher rates. Default
    /// <see cref="SocketCompletionMode.Auto"/>: inline for the process's first four concurrent inline connections, the
    /// thread pool beyond them (that one thread serves every socket of the process), while <c>Trace</c> logging is enabled
    /// for Tusk, for an <see cref="EngineIoClient"/> with handlers on any of its events (it raises them on its loops), and
    /// for one without <see cref="EngineIoClientOptions.InlineReceiveContinuations"/> (an Engine.IO client used on its own
    /// with default options: its handlers may be added after the connect); the Socket.IO client sets it.
    /// The Socket.IO client runs its handlers, events and ack continuations on the thread pool in every mode. Set
    /// <see cref="SocketCompletionMode.ThreadPool"/> when the process's loggers or metric listeners are slow, or when an
    /// <see cref="EngineIoClientOptions.InlineReceiveContinuations"/> reader may block; <see cref="SocketCompletionMode.Inline"/>
    /// to insist. No effect on polling, on Windows, or on a runtime without per-socket inline completions.
    /// </summary>
    public SocketCompletionMode SocketCompletions { get; set; }

    /// <summary>The logger factory; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The factory of the meters the layers record their metrics on (<c>Tusk.SocketIO</c>, <c>Tusk.EngineIO</c>,
    /// <c>Tusk.Transport.WebSocket</c>; see docs/observability.md). The dependency-injection package sets the container's
    /// one. Default null: the process-wide meters of those names, which <c>dotnet-counters</c> and a
    /// <c>MeterListener</c> see as well.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Sends the current W3C trace context (<c>traceparent</c>, <c>tracestate</c>, through
    /// <see cref="DistributedContextPropagator.Current"/>) as headers on the requests of a transport opened while an
    /// activity is current: the connection's handshake, within the <c>socketio.connect</c> activity when one is
    /// recorded. A server can then continue the client's trace. Default false: nothing about the client's tracing
    /// leaves the process.
    /// </summary>
    public bool PropagateTraceContext { get; set; }

    /// <summary>
    /// The clock of every timer and timeout of the connection and of the layers above it: for an
    /// <see cref="EngineIoClient"/>, its heartbeats (the ping timeout), <see cref="EngineIoClientOptions.ConnectTimeout"/>,
    /// <see cref="EngineIoClientOptions.UpgradeTimeout"/>, <see cref="EngineIoClientOptions.RequestTimeout"/>, the close
    /// deadline and the send-burst heuristic, passed on to the built-in transports (custom ones read it from their
    /// context's options). Tests set a fake one (e.g. <c>FakeTimeProvider</c>) to drive heartbeats and timeouts without
    /// waiting. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The callback that validates server certificates: the accept-any one with
    /// <see cref="DangerousAcceptAnyServerCertificate"/>, otherwise <see cref="RemoteCertificateValidationCallback"/>.</summary>
    internal RemoteCertificateValidationCallback? EffectiveCertificateValidation =>
        ServerCertificateValidation.Choose(DangerousAcceptAnyServerCertificate, RemoteCertificateValidationCallback);

    /// <summary>A copy to adjust without touching this one: the same values, its own <see cref="Headers"/> dictionary
    /// (the cookie jar, certificates, handlers and clock are shared, not copied).</summary>
    /// <returns>The copy.</returns>
    public EngineIoConnectionOptions Clone()
    {
        var copy = (EngineIoConnectionOptions)MemberwiseClone();
        copy.Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        return copy;
    }

    /// <summary>
    /// The polling channel's options for these settings: headers, cookies, <c>User-Agent</c>/<c>Origin</c>/<c>Referer</c>,
    /// keep-alive, proxy, HTTP stack, TLS, logging and clock. The request timeout, response limit and cache-busting
    /// stay at the channel's defaults for the caller to set.
    /// </summary>
    /// <returns>New options; changing them does not change these.</returns>
    public PollingClientOptions CreatePollingOptions()
    {
        var polling = new PollingClientOptions
        {
            Cookies = Cookies,
            UserAgent = UserAgent,
            Origin = Origin,
            Referer = Referer,
            KeepAlive = KeepAlive,
            Proxy = Proxy,
            HttpMessageHandler = HttpMessageHandler,
            HttpClient = HttpClient,
            RemoteCertificateValidationCallback = EffectiveCertificateValidation,
            ClientCertificates = ClientCertificates,
            LoggerFactory = LoggerFactory,
            TimeProvider = TimeProvider,
        };
        foreach (var header in Headers)
        {
            polling.Headers.Add(header);
        }

        AddTraceContext(polling.Headers);
        return polling;
    }

    /// <summary>
    /// The WebSocket client's options for these settings: the handshake's headers (<see cref="Headers"/>, then
    /// <c>User-Agent</c>, <c>Origin</c> and <c>Referer</c> when set, in place of a <see cref="Headers"/> entry of the
    /// same name, as on polling requests), cookies, proxy, TLS, socket completions, logging and clock. Timeouts,
    /// limits and compression stay at the client's defaults for the caller to set.
    /// </summary>
    /// <returns>New options; changing them does not change these.</returns>
    public WebSocketClientOptions CreateWebSocketOptions()
    {
        var webSocket = new WebSocketClientOptions
        {
            Cookies = Cookies,
            Proxy = Proxy,
            RemoteCertificateValidationCallback = EffectiveCertificateValidation,
            ClientCertificates = ClientCertificates,
            LoggerFactory = LoggerFactory,
            MeterFactory = MeterFactory,
            TimeProvider = TimeProvider,
            SocketCompletions = SocketCompletions,
        };
        foreach (var header in Headers)
        {
            webSocket.Headers.Add(header);
        }

        AddHeader(webSocket, "User-Agent", UserAgent);
        AddHeader(webSocket, "Origin", Origin);
        AddHeader(webSocket, "Referer", Referer);
        AddTraceContext(webSocket.Headers);
        return webSocket;
    }

    /// <summary>With <see cref="PropagateTraceContext"/> and a current activity: its trace context, in place of any
    /// header of the same name.</summary>
    private void AddTraceContext(ICollection<KeyValuePair<string, string>> headers)
    {
        if (!PropagateTraceContext || Activity.Current is not { } activity)
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) =>
        {
            var target = (ICollection<KeyValuePair<string, string>>)carrier!;
            foreach (var existing in target.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                target.Remove(existing);
            }

            target.Add(new KeyValuePair<string, string>(name, value));
        });
    }

    // As on polling requests (PollingChannel replaces the header): the named option wins over a Headers entry of the
    // same name, so the handshake never carries two User-Agent (or Origin, Referer) lines.
    private static void AddHeader(WebSocketClientOptions options, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        for (var i = options.Headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(options.Headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                options.Headers.RemoveAt(i);
            }
        }

        options.Headers.Add(new KeyValuePair<string, string>(name, value));
    }
}
