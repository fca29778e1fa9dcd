using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Tusk.Transport.WebSocket.Handshake;

namespace Tusk.Transport.WebSocket;

/// <summary>Settings for <see cref="WebSocketClient.ConnectAsync"/>: the opening handshake, TLS, proxy and the
/// connection that results. Every property has a usable default.</summary>
/// <remarks>
/// Thread safety: not synchronized. Set it up on one thread, then hand it to
/// <see cref="WebSocketClient.ConnectAsync"/>, which reads it from its own threads from then on: do not change it
/// afterwards (a client that is running may read a changed value half-way).
/// </remarks>
public sealed class WebSocketClientOptions
{
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Extra request headers for the opening handshake (e.g. <c>Origin</c>, <c>Authorization</c>).
    /// A name or value containing CR or LF is refused before anything is sent. Default: empty.</summary>
    public IList<KeyValuePair<string, string>> Headers { get; set; } = new List<KeyValuePair<string, string>>();

    /// <summary>A cookie jar shared with the caller: matching cookies are sent with the handshake and
    /// <c>Set-Cookie</c> answers are stored in it. Default: <see langword="null"/> (no cookies).</summary>
    public CookieContainer? Cookies { get; set; }

    /// <summary>Subprotocols offered in <c>Sec-WebSocket-Protocol</c>, most preferred first. Default: empty.</summary>
    public IList<string> SubProtocols { get; set; } = new List<string>();

    /// <summary>Time allowed for TCP connect, proxy tunnel, TLS and the HTTP upgrade together. Default: 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for the close handshake before the connection is dropped. Default: 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Custom server certificate validation for <c>wss://</c>. Default: <see langword="null"/>
    /// (the platform validates the certificate chain and host name).</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback { get; set; }

    /// <summary>Client certificates offered during TLS. Default: <see langword="null"/>.</summary>
    public X509CertificateCollection? ClientCertificates { get; set; }

    /// <summary>The TLS server name (SNI) and the name the certificate is validated against.
    /// Default: <see langword="null"/> (the URI's host).</summary>
    public string? TargetHost { get; set; }

    /// <summary>An HTTP proxy reached with <c>CONNECT host:port</c>; user info in the URI becomes
    /// <c>Proxy-Authorization: Basic</c>. Must be an absolute <c>http://</c> URI (<c>https</c>, <c>socks5</c> and
    /// others are refused with <see cref="ArgumentException"/> before anything is sent). Default:
    /// <see langword="null"/> (direct connection).</summary>
    public Uri? Proxy { get; set; }

    /// <summary>How often to send a keep-alive ping. <see cref="TimeSpan.Zero"/> turns keep-alive off.
    /// Default: <see cref="TimeSpan.Zero"/>.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How long to wait for the pong after a keep-alive ping before dropping the connection.
    /// Default: 10 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message accepted (after decompression); a bigger one fails the connection with
    /// 1009. Default: 64 MiB.</summary>
    public long MaxMessageSize { get; set; } = WebSocketConnectionOptions.DefaultMaxMessageSize;

    /// <summary>The most frames one message may arrive in; the frame past it fails the connection with 1009. Empty
    /// continuation frames count too, so a peer cannot keep a message open forever without growing it.
    /// Default: 65,536.</summary>
    public int MaxFragmentsPerMessage { get; set; } = WebSocketConnectionOptions.DefaultMaxFragmentsPerMessage;

    /// <summary>Offer permessage-deflate (RFC 7692). Default: <see langword="false"/>.</summary>
    public bool EnableCompression { get; set; }

    /// <summary>
    /// Which thread completes this connection's socket I/O on Linux and macOS. Inline, a receive that was waiting resumes,
    /// and the layers above run up to their own hand-off, on the runtime's socket thread that saw the data arrive: no
    /// thread hop, wake-up or thread-pool spinning per read, which is most of a small message's CPU cost (the
    /// per-connection form of the process-wide <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>). That thread serves
    /// every socket of the process, so the code after <c>await connection.ReceiveAsync()</c> must be short and must not
    /// block (the Engine.IO and Socket.IO clients only decode there and hand events to the thread pool), and past a few
    /// busy connections the one thread would bound the process.
    /// <para>Default <see cref="SocketCompletionMode.ThreadPool"/> here: over a bare connection the code after
    /// <c>ReceiveAsync</c> is the caller's. <see cref="SocketCompletionMode.Auto"/> (the Engine.IO and Socket.IO clients'
    /// default) is inline for the process's first four concurrent inline connections and the thread pool beyond them and
    /// while <c>Trace</c> logging is enabled for this assembly's categories: the runtime runs every inline socket on one
    /// thread (one socket engine for up to 30 cores on x64), so the bound does not grow with the core count; a handful of
    /// connections, the case that gains, fits. <see cref="SocketCompletionMode.Inline"/> insists. Windows, or a runtime
    /// without the per-socket switch, completes on the thread pool whatever the mode;
    /// <see cref="WebSocketConnection.InlineSocketCompletions"/> says what a connection got.</para>
    /// </summary>
    public SocketCompletionMode SocketCompletions { get; set; } = SocketCompletionMode.ThreadPool;

    /// <summary>The gate that decides <see cref="SocketCompletions"/> and counts the inline sockets: the process's own
    /// one; tests give a connection its own gate (a count of their own, or a runtime without the switch).</summary>
    internal InlineCompletionGate CompletionGate { get; set; } = InlineCompletionGate.Shared;

    /// <summary>The source of loggers. Default: <see langword="null"/> (no logging).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The factory of the <c>Tusk.Transport.WebSocket</c> meter the connection records its metrics on (see
    /// docs/observability.md). Default <see langword="null"/>: the process-wide meter of that name.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>The clock of every timeout and timer: <see cref="ConnectTimeout"/>, then the connection's close timeout,
    /// keep-alive pings and write-burst heuristic. Tests set a fake one (e.g. <c>FakeTimeProvider</c>) to drive these
    /// without waiting. Default: <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }
}
