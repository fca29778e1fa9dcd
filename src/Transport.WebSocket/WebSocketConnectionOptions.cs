using Microsoft.Extensions.Logging;

namespace Tusk.Transport.WebSocket;

/// <summary>Settings for a <see cref="WebSocketConnection"/> created over an already upgraded stream.</summary>
/// <remarks>
/// Thread safety: not synchronized. Set it up on one thread, then hand it to
/// <see cref="WebSocketConnection.Create(Stream, WebSocketConnectionOptions?)"/>, which reads it from its own threads
/// from then on: do not change it afterwards (a connection that is running may read a changed value half-way).
/// </remarks>
public sealed class WebSocketConnectionOptions
{
    /// <summary>The default <see cref="MaxMessageSize"/>: 64 MiB.</summary>
    public const long DefaultMaxMessageSize = 64L * 1024 * 1024;

    /// <summary>The default <see cref="MaxFragmentsPerMessage"/>: 65,536.</summary>
    public const int DefaultMaxFragmentsPerMessage = 65_536;

    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The subprotocol the handshake agreed on, reported by <see cref="WebSocketConnection.SubProtocol"/>.
    /// Default: <see langword="null"/>.</summary>
    public string? SubProtocol { get; set; }

    /// <summary>Time allowed for the close handshake before the connection is dropped. Default: 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to send a keep-alive ping; <see cref="TimeSpan.Zero"/> turns it off. Default: off.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How long to wait for the pong after a keep-alive ping before dropping the connection.
    /// Default: 10 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message accepted (after decompression); a bigger one fails the connection with
    /// 1009. Default: 64 MiB.</summary>
    public long MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>The most frames one message may arrive in; the frame past it fails the connection with 1009. Empty
    /// continuation frames count too, so a peer cannot keep a message open forever without growing it.
    /// Default: 65,536.</summary>
    public int MaxFragmentsPerMessage { get; set; } = DefaultMaxFragmentsPerMessage;

    /// <summary>The permessage-deflate parameters agreed in the handshake, or <see langword="null"/> when the
    /// connection is not compressed. Default: <see langword="null"/>.</summary>
    public WebSocketCompressionOptions? Compression { get; set; }

    /// <summary>The source of loggers. Default: <see langword="null"/> (no logging).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The factory of the <c>Tusk.Transport.WebSocket</c> meter the connection records its metrics on (see
    /// docs/observability.md). Default <see langword="null"/>: the process-wide meter of that name.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>The clock of the close timeout, the keep-alive pings and the write-burst heuristic. Tests set a fake
    /// one (e.g. <c>FakeTimeProvider</c>) to drive these without waiting. Default: <see cref="TimeProvider.System"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }
}
