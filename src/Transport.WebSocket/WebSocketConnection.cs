using Tusk.Transport.WebSocket.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.Internal;
using Tusk.Transport.WebSocket.Compression;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket;

/// <summary>A client-role RFC 6455 connection over an already upgraded duplex stream.</summary>
/// <remarks>
/// Thread safety: any number of callers may send at once, from any threads: each frame is written whole, and frames
/// queued while a write is in flight are coalesced into the next write. One receive may run at a time (a second
/// concurrent one throws <see cref="InvalidOperationException"/>), alongside sends and <see cref="CloseAsync"/>.
/// <see cref="Abort"/>, <see cref="State"/>, <see cref="CloseCode"/> and <see cref="CloseReason"/> may be used from any
/// thread at any time. Pings are answered (and keep-alive pongs noticed) while a receive is running.
/// </remarks>
public sealed partial class WebSocketConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly CancellationTokenSource _abortSource = new();
    private readonly SemaphoreSlim _receiveGate = new(1, 1);
    private TaskCompletionSource? _disposal;
    private readonly Lock _stateLock = new();
    private readonly ILogger _logger;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly long _maxMessageSize;
    private readonly int _maxFragments;
    private readonly MessageDeflater? _deflater;
    private readonly MessageInflater? _inflater;
    private readonly SemaphoreSlim? _compressGate;

    private volatile WebSocketConnectionState _state;
    private Exception? _terminal;
    private Task? _finishTask;
    private bool _transportReleased;
    private WebSocketMessage? _cachedMessage;
    private readonly WebSocketMetrics _metrics;

    // Whether websocket.client.connections counted this connection (someone listened when it opened).
    private bool _countedOpen;

    private WebSocketConnection(Stream stream, WebSocketConnectionOptions options, ReadOnlySpan<byte> alreadyReceived, bool inlineSocketCompletions = false)
    {
        if (!stream.CanRead || !stream.CanWrite)
        {
            throw new ArgumentException("The stream must be readable and writable.", nameof(stream));
        }

        _stream = stream;
        InlineSocketCompletions = inlineSocketCompletions;
        // No Logger<T> wrapper around the null logger: an idle connection keeps it for its whole life (issue 21's scale target).
        _logger = options.LoggerFactory is { } loggerFactory and not NullLoggerFactory
            ? loggerFactory.CreateLogger<WebSocketConnection>()
            : NullLogger<WebSocketConnection>.Instance;
        _metrics = WebSocketMetrics.For(options.MeterFactory);
        _closeTimeout = options.CloseTimeout;
        _timeProvider = options.TimeProvider;
        _maxMessageSize = options.MaxMessageSize > 0 ? options.MaxMessageSize : throw new ArgumentOutOfRangeException(nameof(options), "MaxMessageSize must be positive.");
        _maxFragments = options.MaxFragmentsPerMessage > 0 ? options.MaxFragmentsPerMessage : throw new ArgumentOutOfRangeException(nameof(options), "MaxFragmentsPerMessage must be positive.");
        SubProtocol = options.SubProtocol;
        if (options.Compression is { } compression)
        {
            IsCompressed = true;
            _deflater = new MessageDeflater(compression.ClientNoContextTakeover);
            _inflater = new MessageInflater(compression.ServerNoContextTakeover);
            _compressGate = new SemaphoreSlim(1, 1);
        }

        _reader = new FrameReader(stream, alreadyReceived);
        _writer = new FrameWriter(stream, OnWriteFailed, _timeProvider, _abortSource.Token);
        StartKeepAlive(options.KeepAliveInterval, options.KeepAliveTimeout);
        CountOpened();
    }

    /// <summary>The close code: the peer's (1005 when its close frame had none), or the code this side failed
    /// the connection with, or 1006 when the connection was lost; <see langword="null"/> while open.</summary>
    public int? CloseCode { get; private set; }

    /// <summary>The close reason that came with <see cref="CloseCode"/>, or <see langword="null"/>.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>The subprotocol the server selected, or <see langword="null"/>.</summary>
    public string? SubProtocol { get; }

    /// <summary>Whether permessage-deflate is in use.</summary>
    public bool IsCompressed { get; }

    /// <summary>Whether the socket under this connection completes its I/O on the runtime's socket thread instead of the
    /// thread pool: <see cref="WebSocketClientOptions.SocketCompletions"/> chose it and the runtime supports it.
    /// Then a pending <see cref="ReceiveAsync(CancellationToken)"/> resumes on that thread, which serves every socket
    /// of the process: the code after it must hand longer work on rather than run it there.</summary>
    public bool InlineSocketCompletions { get; }

    /// <summary>Where the connection is in its life.</summary>
    public WebSocketConnectionState State => _state;

    /// <summary>Creates a client-role connection over <paramref name="stream"/>, which must already carry an
    /// upgraded WebSocket (the handshake is not performed).</summary>
    /// <param name="stream">A readable, writable stream; the connection owns and disposes it.</param>
    /// <param name="options">Connection settings; <see langword="null"/> for defaults.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ArgumentException">The stream cannot both read and write.</exception>
    public static WebSocketConnection Create(Stream stream, WebSocketConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new WebSocketConnection(stream, options ?? new WebSocketConnectionOptions(), default);
    }

    internal static WebSocketConnection Create(Stream stream, WebSocketConnectionOptions options, ReadOnlySpan<byte> alreadyReceived, bool inlineSocketCompletions = false) =>
        new(stream, options, alreadyReceived, inlineSocketCompletions);

    /// <summary>Drops the connection at once, without a close handshake. Pending operations fail.</summary>
    public void Abort()
    {
        lock (_stateLock)
        {
            if (_state is not WebSocketConnectionState.Closed)
            {
                SetTerminalLocked(new WebSocketProtocolException("The connection was aborted.", WebSocketCloseCodes.AbnormalClosure));
            }
        }

        ReleaseTransport();
    }

    /// <summary>Closes with 1000 (within the close timeout) if still open, then releases everything. A later call
    /// waits for the first one to finish and does nothing else.</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    public ValueTask DisposeAsync()
    {
        // The first call keeps the receive gate once it has it (so that a late ReceiveAsync cannot reach the returned
        // buffers): a second run would wait the whole close timeout for that gate. Later calls share the first's task.
        var disposal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _disposal, disposal, null) is { } first)
        {
            return new ValueTask(first.Task);
        }

        return new ValueTask(DisposeOnceAsync(disposal));
    }

    private async Task DisposeOnceAsync(TaskCompletionSource disposal)
    {
        try
        {
            await DisposeCoreAsync().ConfigureAwait(false);
            disposal.TrySetResult();
        }
        catch (Exception exception)
        {
            disposal.TrySetException(exception);
            throw;
        }
    }

    private async Task DisposeCoreAsync()
    {
        if (_state is WebSocketConnectionState.Open or WebSocketConnectionState.CloseReceived or WebSocketConnectionState.CloseSent && _terminal is null)
        {
            try
            {
                await CloseAsync(WebSocketCloseCodes.NormalClosure).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketProtocolException or InvalidOperationException or IOException)
            {
                Log.CloseOnDisposeFailed(_logger, ex);
            }
        }

        Abort();
        if (_finishTask is { } finish)
        {
            await finish.ConfigureAwait(false);
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        if (await _receiveGate.WaitAsync(_closeTimeout, _timeProvider).ConfigureAwait(false))
        {
            _reader.ReturnBuffer();
            ReturnInflated();
        }

        _deflater?.Dispose();
        _closeDeadline?.Dispose();
        _abortSource.Dispose();
    }

    internal void ReturnMessage(WebSocketMessage message) => Interlocked.CompareExchange(ref _cachedMessage, message, null);

    private WebSocketMessage RentMessage(WebSocketMessageKind kind, byte[] buffer, int length, bool pooled)
    {
        var message = Interlocked.Exchange(ref _cachedMessage, null) ?? new WebSocketMessage();
        message.Set(this, kind, buffer, length, pooled);
        return message;
    }

    /// <summary>Records why the connection ended, once; later causes do not overwrite the first.</summary>
    private void SetTerminalLocked(WebSocketProtocolException exception)
    {
        if (_terminal is not null)
        {
            return;
        }

        _terminal = exception;
        CloseCode ??= exception.CloseCode;
        CloseReason ??= exception.Message;
        _state = WebSocketConnectionState.Aborted;
    }

    private void OnWriteFailed(Exception exception)
    {
        lock (_stateLock)
        {
            if (_state is not WebSocketConnectionState.Closed)
            {
                SetTerminalLocked(exception as WebSocketProtocolException
                    ?? new WebSocketProtocolException("Writing to the connection failed.", WebSocketCloseCodes.AbnormalClosure, exception));
            }
        }

        ReleaseTransport();
    }

    /// <summary>Cancels pending I/O and disposes the stream, once.</summary>
    private void ReleaseTransport()
    {
        lock (_stateLock)
        {
            if (_transportReleased)
            {
                return;
            }

            _transportReleased = true;
        }

        CountReleased();
        StopKeepAlive();
        _writer.Fail(_terminal ?? new InvalidOperationException("The connection is closed."));
        _abortSource.Cancel();
        _stream.Dispose();
    }
}
