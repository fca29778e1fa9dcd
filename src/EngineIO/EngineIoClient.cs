using Tusk.EngineIO.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.EngineIO.Protocol;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO;

/// <summary>
/// An Engine.IO v3/v4 client session: handshake, heartbeat, ordered thread-safe sends, the upgrade from polling to
/// WebSocket and close in both directions.
/// </summary>
/// <remarks>
/// Events are raised on the session's own loops: keep handlers short and never block in them; an exception thrown
/// by a handler is logged and otherwise ignored.
/// <para>Thread safety: every member may be called from any thread. Any number of callers may send at once (messages leave
/// in call order); <see cref="ReceiveAsync"/> and <see cref="ReadAllAsync"/> may be used from several readers, each
/// message going to one of them; <see cref="CloseAsync"/> and <see cref="DisposeAsync"/> may be called at any time,
/// also while a connect or a send is running. <see cref="ConnectAsync"/> runs once per client.</para>
/// </remarks>
public sealed partial class EngineIoClient : IAsyncDisposable
{
    private const int MaxPacketsPerSend = 512;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    // How long a close packet waits for the outcome of a write in flight (WaitForWriteInFlightAsync).
    private static readonly TimeSpan MaxWriteSettle = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly EngineIoMetrics _metrics;

    // The engineio.version tag this session was counted under in engineio.client.sessions; null when not counted.
    private string? _countedVersion;
    private readonly TimeProvider _timeProvider;
    private readonly IEngineIoTransportFactory _transportFactory;
    private readonly Channel<EngineIoMessage> _incoming;
    // Never full (the send slots bound the messages; control packets are few). A bounded channel rather than an
    // unbounded one because its queue starts empty and grows as needed, where the unbounded single-reader channel
    // allocates a 32-slot segment (about 1.7 KiB with its padding) up front: an idle connection keeps this queue for
    // its whole life (issue 21's scale target).
    private readonly Channel<OutgoingPacket> _outgoing = Channel.CreateBounded<OutgoingPacket>(
        new BoundedChannelOptions(int.MaxValue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _sendSlots;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<EngineIoUpgradeResult> _upgradeSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _closeLock = new();
    private EngineIoTransportContext? _context;
    private IEngineIoTransport? _transport;
    private int _state; // an EngineIoClientState; an int for Interlocked. Read it through State, move it with TryTransition.
    private Task _receiveLoop = Task.CompletedTask;
    private Task _sendLoop = Task.CompletedTask;
    private Task _upgrade = Task.CompletedTask;
    private Task? _closeTask;
    private volatile bool _pauseReceiving;

    // Set before the receive loop starts when the session will try an upgrade; the upgrade cancels it once it holds the
    // send gate to pause the receive loop, and clears it when the pause ends. A close packet waiting for the gate
    // (WaitForWriteInFlightAsync) stops waiting then: no write can be in flight while the upgrade holds the gate, and the
    // upgrade in turn waits for the receive loop, so the close would otherwise wait out its whole bound.
    private CancellationTokenSource? _upgradePausing;
    private EngineIoCloseReason? _closeReason;
    private Exception? _closeException;

    // The bytes of the messages in _incoming (EngineIoMessage.QueuedSize), added by the receive loop before it writes
    // one and taken off by the reader that takes it: Interlocked on both sides, no lock per message. Once it reaches
    // ReceiveBufferMaxBytes the receive loop waits on _receiveRoom, which a reader completes when it brings it below.
    private readonly long _receiveBufferMaxBytes;
    private long _receivedBytesWaiting;
    private TaskCompletionSource? _receiveRoom;

    /// <summary>Creates a client; nothing is sent until <see cref="ConnectAsync"/>.</summary>
    /// <param name="serverUri">The server, e.g. <c>http://localhost:3000</c> (<c>ws</c>/<c>wss</c> also accepted).</param>
    /// <param name="options">The options; null uses the defaults. The client keeps a reference: do not change them after connecting.</param>
    public EngineIoClient(Uri serverUri, EngineIoClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        if (!serverUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The server URI must be absolute.", nameof(serverUri));
        }

        Options = options ?? new EngineIoClientOptions();
        ServerUri = serverUri;
        // No Logger<T> wrapper around the null logger: an idle connection keeps every logger it made (issue 21's scale target).
        _logger = Options.Connection.LoggerFactory is { } loggerFactory and not NullLoggerFactory
            ? loggerFactory.CreateLogger<EngineIoClient>()
            : NullLogger<EngineIoClient>.Instance;
        _metrics = EngineIoMetrics.For(Options.Connection.MeterFactory);
        _timeProvider = Options.Connection.TimeProvider;
        _quietSpell = _timeProvider.TimestampFrequency / 1000;
        _transportFactory = Options.TransportFactory ?? EngineIoTransportFactory.Default;
        // Two writers: the receive loop, and a cancelled ReceiveAsync's registration, which writes a wake-up item.
        _incoming = Channel.CreateBounded<EngineIoMessage>(new BoundedChannelOptions(Math.Max(1, Options.ReceiveBufferCapacity))
        {
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = Options.InlineReceiveContinuations,
        });
        _sendSlots = new SemaphoreSlim(Math.Max(1, Options.SendBufferCapacity));
        _receiveBufferMaxBytes = Math.Max(1, Options.ReceiveBufferMaxBytes);
    }

    /// <summary>The server URI.</summary>
    public Uri ServerUri { get; }

    /// <summary>The options.</summary>
    public EngineIoClientOptions Options { get; }

    /// <summary>The server's handshake; null until connected.</summary>
    public EngineIoHandshake? Handshake => _context?.Handshake;

    /// <summary>The negotiated revision; <see cref="EngineIoVersion.Auto"/> until known.</summary>
    public EngineIoVersion Version => _context?.Version ?? EngineIoVersion.Auto;

    /// <summary>The name of the current transport (<c>polling</c>, <c>websocket</c> or a custom one); null before connecting.</summary>
    public string? TransportName => Volatile.Read(ref _transport)?.Name;

    /// <summary>True while the session is open.</summary>
    public bool IsConnected => State == EngineIoClientState.Open;

    /// <summary>Why the session ended; null while it has not.</summary>
    public EngineIoCloseReason? CloseReason => _closeReason;

    /// <summary>The failure that ended the session, if any.</summary>
    public Exception? CloseException => _closeException;

    /// <summary>Completes when the session has ended (after <see cref="Closed"/> was raised).</summary>
    public Task Completion => _closed.Task;

    /// <summary>
    /// Completes once the session's transport has settled after <see cref="ConnectAsync"/>: the upgrade succeeded
    /// (after <see cref="Upgraded"/>), failed or was refused (after <see cref="UpgradeFailed"/>), or was not attempted.
    /// It never faults; when the session ends before it settles, it completes as failed (or not attempted when the
    /// session never opened). Bound the wait, e.g. <c>await client.UpgradeCompletion.WaitAsync(timeout)</c>.
    /// </summary>
    public Task<EngineIoUpgradeResult> UpgradeCompletion => _upgradeSettled.Task;

    /// <summary>Raised once the handshake completed.</summary>
    public event EventHandler<EngineIoOpenedEventArgs>? Opened;

    /// <summary>Raised when the session moved to a new transport.</summary>
    public event EventHandler<EngineIoUpgradeEventArgs>? Upgraded;

    /// <summary>Raised when an upgrade attempt failed; the session stays on its transport.</summary>
    public event EventHandler<EngineIoUpgradeEventArgs>? UpgradeFailed;

    /// <summary>Raised for every packet received (heartbeats included).</summary>
    public event EventHandler<EngineIoPacketEventArgs>? PacketReceived;

    /// <summary>Raised for every packet handed to the transport.</summary>
    public event EventHandler<EngineIoPacketEventArgs>? PacketSent;

    /// <summary>Raised when the server pinged (revision 4); the pong has been queued.</summary>
    public event EventHandler<EngineIoHeartbeatEventArgs>? PingReceived;

    /// <summary>Raised when the client sent a ping (revision 3).</summary>
    public event EventHandler<EngineIoHeartbeatEventArgs>? PingSent;

    /// <summary>Raised when the server answered a ping (revision 3), with the latency.</summary>
    public event EventHandler<EngineIoHeartbeatEventArgs>? PongReceived;

    /// <summary>Raised once when an open session ended (not when <see cref="ConnectAsync"/> fails).</summary>
    public event EventHandler<EngineIoClosedEventArgs>? Closed;

    /// <summary>
    /// Opens the session: handshake on the first transport, revision detection in <see cref="EngineIoVersion.Auto"/>
    /// mode, then (if allowed) the upgrade runs in the background. Can be called once per client.
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="EngineIoException">The server refused, could not be reached, or the handshake failed or timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the exception
    /// carries that token).</exception>
    /// <exception cref="InvalidOperationException">The client was already connected or closed.</exception>
    /// <exception cref="ArgumentException">A header option of <see cref="EngineIoClientOptions.Connection"/>
    /// (<see cref="EngineIoConnectionOptions.Headers"/>, <see cref="EngineIoConnectionOptions.UserAgent"/>,
    /// <see cref="EngineIoConnectionOptions.Origin"/>, <see cref="EngineIoConnectionOptions.Referer"/>) holds a name or
    /// value that could split a request; checked before anything is sent, and the client can still connect once the
    /// option is fixed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        EngineIoHeaderOptions.Validate(Options);
        if (!TryTransition(EngineIoClientState.Created, EngineIoClientState.Connecting))
        {
            throw new InvalidOperationException("ConnectAsync can be called only once per EngineIoClient; create a new client to reconnect.");
        }

        using var connectTimer = new CancellationTokenSource(Options.ConnectTimeout, _timeProvider);
        using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token, connectTimer.Token);
        IEngineIoTransport? transport = null;
        try
        {
            if (Options.Transports.Count == 0)
            {
                throw new EngineIoException("No transports are configured (EngineIoClientOptions.Transports is empty).");
            }

            var context = new EngineIoTransportContext(ServerUri, Options, Options.Connection.LoggerFactory) { HasEventHandlers = HasEventHandlers };
            _context = context;
            Log.Connecting(_logger, ServerUri, Options.Transports[0], Options.Version);
            (transport, var first, var handshake) = await HandshakeAsync(context, connectCts.Token).ConfigureAwait(false);
            if (context.Version == EngineIoVersion.Auto)
            {
                context.Version = await DetectRevisionAsync(transport, connectCts.Token).ConfigureAwait(false);
            }

            context.SessionId = handshake.Sid;
            context.MaxPayload = handshake.MaxPayload;
            _maxPayload = handshake.MaxPayload ?? long.MaxValue;
            context.Handshake = handshake;
            Volatile.Write(ref _transport, transport);
            if (!TryTransition(EngineIoClientState.Connecting, EngineIoClientState.Open))
            {
                throw new OperationCanceledException("The client was closed while connecting.");
            }

            Log.Opened(_logger, handshake.Sid, context.Version, transport.Name, handshake.PingInterval, handshake.PingTimeout, handshake.MaxPayload);
            if (_metrics.Sessions.Enabled)
            {
                _countedVersion = context.Version == EngineIoVersion.V3 ? "3" : "4";
                _metrics.Sessions.Add(1, new KeyValuePair<string, object?>(EngineIoMetrics.VersionTag, _countedVersion));
            }

            StartHeartbeat(handshake);
            var token = _lifetime.Token;
            _sendLoop = Task.Run(() => RunSendLoopAsync(token), CancellationToken.None);
            var remaining = first.Skip(1).ToArray();
            var upgradeTo = UpgradeCandidate(handshake, transport.Name);
            if (upgradeTo is not null)
            {
                _upgradePausing = new CancellationTokenSource();
            }

            _receiveLoop = Task.Run(() => RunReceiveLoopAsync(transport, remaining, token), CancellationToken.None);
            Raise(Opened, new EngineIoOpenedEventArgs(handshake, context.Version, transport.Name));
            StartUpgrade(upgradeTo, transport.Name, token);
        }
        catch (Exception exception)
        {
            // A header a transport refused (e.g. a cookie from the caller's jar) is the caller's error: it stays an
            // ArgumentException, and nothing was sent.
            Exception failure = exception is ArgumentException ? exception : DescribeConnectFailure(exception, connectCts.IsCancellationRequested, cancellationToken);
            Log.ConnectFailed(_logger, failure);
            // Once open, the close below releases the transport; before that nobody else knows it.
            if (transport is not null && State != EngineIoClientState.Open)
            {
                await DisposeQuietlyAsync(transport).ConfigureAwait(false);
            }

            if (State == EngineIoClientState.Open)
            {
                await BeginClose(EngineIoCloseReason.TransportError, failure, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                MarkFailedBeforeOpen(failure);
            }

            if (ReferenceEquals(failure, exception))
            {
                throw;
            }

            throw failure;
        }
    }

    /// <summary>
    /// Queues a text message. Thread-safe; messages go out in call order, also across an upgrade. The returned task
    /// completes once the message is queued (at once unless more than <see cref="EngineIoClientOptions.SendBufferCapacity"/>
    /// messages are waiting), not when the server has it.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send queue (the message stays queued).</param>
    /// <exception cref="EngineIoException">The session has ended.</exception>
    /// <exception cref="EngineIoPayloadTooLargeException">The message is larger than the server's <c>maxPayload</c>; it is
    /// not sent and the session stays open.</exception>
    /// <exception cref="ArgumentException">The session is on revision 4 polling and the text holds the record separator
    /// U+001E, which separates packets there; it is not sent and the session stays open.</exception>
    public ValueTask SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EnqueueMessageAsync(EngineIoPacket.Message(text), cancellationToken);
    }

    /// <summary>
    /// Queues a binary message, like <see cref="SendAsync(string, CancellationToken)"/>. The bytes are copied, so the
    /// caller may reuse its buffer as soon as the call returns.
    /// </summary>
    /// <param name="binary">The bytes.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send queue (the message stays queued).</param>
    /// <exception cref="EngineIoException">The session has ended.</exception>
    /// <exception cref="EngineIoPayloadTooLargeException">The message is larger than the server's <c>maxPayload</c>; it is
    /// not sent and the session stays open.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> binary, CancellationToken cancellationToken = default) =>
        EnqueueMessageAsync(EngineIoPacket.Message(binary.ToArray()), cancellationToken);

    /// <summary>
    /// Queues a text or binary message, like <see cref="SendAsync(string, CancellationToken)"/> and
    /// <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, saying whether it may be compressed.
    /// </summary>
    /// <param name="message">The message; binary bytes are copied, so the caller may reuse its buffer at once.</param>
    /// <param name="compress">
    /// <see langword="false"/> sends the message uncompressed even when the WebSocket has permessage-deflate
    /// (<see cref="EngineIoClientOptions.EnableCompression"/>); <see langword="true"/> compresses it there when it is at
    /// least <see cref="EngineIoClientOptions.CompressionThreshold"/> bytes. Polling ignores it.
    /// </param>
    /// <param name="cancellationToken">Cancels waiting for room in the send queue (the message stays queued).</param>
    /// <exception cref="EngineIoException">The session has ended.</exception>
    /// <exception cref="ArgumentException">The session is on revision 4 polling and the text holds the record separator
    /// U+001E, which separates packets there; it is not sent and the session stays open.</exception>
    public ValueTask SendAsync(EngineIoMessage message, bool compress, CancellationToken cancellationToken = default)
    {
        var packet = message.IsBinary
            ? EngineIoPacket.Message(message.Binary.ToArray())
            : message.TryGetUtf8Text(out var utf8)
                ? EngineIoPacket.FromUtf8(EngineIoPacketType.Message, utf8.ToArray())
                : EngineIoPacket.Message(message.Text ?? throw new ArgumentException("A text message has no text.", nameof(message)));
        return EnqueueMessageAsync(compress ? packet : packet.WithoutCompression(), cancellationToken, nameof(message));
    }

    /// <summary>
    /// Queues a text message given as UTF-8 bytes without copying them, like
    /// <see cref="SendAsync(EngineIoMessage, bool, CancellationToken)"/> otherwise: the session holds
    /// <paramref name="utf8"/> until the transport has written the message, which may be after this call returns, so
    /// the caller must not change that memory afterwards (hand over a buffer that nothing else writes to). For senders
    /// that build each message in a new array, such as the Socket.IO client.
    /// </summary>
    /// <param name="utf8">The text as UTF-8; it must be valid UTF-8.</param>
    /// <param name="compress">Whether the message may be compressed (see <see cref="SendAsync(EngineIoMessage, bool, CancellationToken)"/>).</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send queue (the message stays queued).</param>
    /// <exception cref="EngineIoException">The session has ended.</exception>
    /// <exception cref="EngineIoPayloadTooLargeException">The message is larger than the server's <c>maxPayload</c>; it is
    /// not sent and the session stays open.</exception>
    /// <exception cref="ArgumentException">The session is on revision 4 polling and the text holds the record separator
    /// U+001E, which separates packets there; it is not sent and the session stays open.</exception>
    public ValueTask SendUtf8TextAsync(ReadOnlyMemory<byte> utf8, bool compress, CancellationToken cancellationToken = default)
    {
        var packet = EngineIoPacket.FromUtf8(EngineIoPacketType.Message, utf8);
        return EnqueueMessageAsync(compress ? packet : packet.WithoutCompression(), cancellationToken, nameof(utf8));
    }

    /// <summary>Receives the next message; returns null once the session has ended and all messages were read.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <remarks>With <see cref="EngineIoClientOptions.ReuseReceiveBuffers"/>, the bytes of the message this returned
    /// last are given back for reuse when it is called again.</remarks>
    public ValueTask<EngineIoMessage?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ReturnLent();
        return TryReadMessage(out var message) ? new ValueTask<EngineIoMessage?>(message) : ReceiveSlowAsync(cancellationToken);
    }

    // A wake-up (see ReceiveSlowAsync) is never a message: every read skips it.
    private bool TryReadMessage(out EngineIoMessage message)
    {
        while (_incoming.Reader.TryRead(out message))
        {
            if (!message.IsWakeUp)
            {
                _lent = message.PooledArray;
                TakeReceivedBytes(message);
                return true;
            }
        }

        return false;
    }

    // The pooled array of the message the reader has now (ReuseReceiveBuffers): returned when the reader asks for the
    // next one, when it has handled this one. Only the reader touches it (one reader with that option).
    private byte[]? _lent;

    private void ReturnLent()
    {
        if (_lent is { } array)
        {
            _lent = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(array);
        }
    }

    // Pooled: a receive loop that waits for every message would otherwise allocate a state machine box per message.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<EngineIoMessage?> ReceiveSlowAsync(CancellationToken cancellationToken)
    {
        // Waits, then takes: ReadAsync would park the message in the reader's reusable operation, which keeps it
        // (a large message included) until the next read, after the application let go of it.
        // The wait itself takes no token: the channel then reuses its one waiter object, where a cancellable wait
        // allocates an operation every time (the Socket.IO client waits once per message). The caller's token wakes it
        // instead by writing a wake-up item, which every read skips; the token's registration is pooled by its source.
        var reader = _incoming.Reader;
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(s_wakeReaders, this) : default;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                return null;
            }

            if (TryReadMessage(out var message))
            {
                return message;
            }
        }
    }

    private void TakeReceivedBytes(in EngineIoMessage message)
    {
        // Full fences on both sides (this Add, the loop's Exchange of _receiveRoom): either this read sees the loop's
        // waiter, or the loop's check after publishing it sees these bytes gone.
        if (Interlocked.Add(ref _receivedBytesWaiting, -message.QueuedSize) < _receiveBufferMaxBytes && Volatile.Read(ref _receiveRoom) is { } room)
        {
            room.TrySetResult();
        }
    }

    /// <summary>Waits until the messages waiting for the reader hold fewer than ReceiveBufferMaxBytes bytes.</summary>
    private async ValueTask WaitForReceiveRoomAsync(CancellationToken token)
    {
        try
        {
            while (Volatile.Read(ref _receivedBytesWaiting) >= _receiveBufferMaxBytes)
            {
                var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Interlocked.Exchange(ref _receiveRoom, room);
                if (Volatile.Read(ref _receivedBytesWaiting) < _receiveBufferMaxBytes)
                {
                    break;
                }

                Log.ReceiveBufferFull(_logger, _receiveBufferMaxBytes);
                await room.Task.WaitAsync(token).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _receiveRoom, null);
        }
    }

    private static readonly Action<object?> s_wakeReaders = static state => ((EngineIoClient)state!)._incoming.Writer.TryWrite(default);

    /// <summary>Receives messages until the session ends.</summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public async IAsyncEnumerable<EngineIoMessage> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var message in _incoming.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                ReturnLent();
                if (!message.IsWakeUp)
                {
                    _lent = message.PooledArray;
                    TakeReceivedBytes(message);
                    yield return message;
                }
            }
        }
        finally
        {
            ReturnLent();
        }
    }

    /// <summary>
    /// Closes the session: flushes queued messages, sends the close packet, stops the transports and raises
    /// <see cref="Closed"/>. Safe to call more than once and at any time.
    /// </summary>
    /// <param name="cancellationToken">Bounds the graceful part; the transports are torn down regardless.</param>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (TryTransition(EngineIoClientState.Created, EngineIoClientState.Closed))
        {
            MarkFailedBeforeOpen(null);
            _closeReason = EngineIoCloseReason.ClientClose;
            return;
        }

        if (State == EngineIoClientState.Connecting)
        {
            // ConnectAsync observes the cancellation and cleans up.
            _closeReason = EngineIoCloseReason.ClientClose;
            await _lifetime.CancelAsync().ConfigureAwait(false);
            return;
        }

        await BeginClose(EngineIoCloseReason.ClientClose, null, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the session (see <see cref="CloseAsync"/>); the transports are released by the close.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Closing is best effort when disposing.
        }
    }

    private async Task<(IEngineIoTransport Transport, IReadOnlyList<EngineIoPacket> First, EngineIoHandshake Handshake)> HandshakeAsync(
        EngineIoTransportContext context, CancellationToken cancellationToken)
    {
        var transport = CreateTransport(Options.Transports[0], context);
        try
        {
            await OpenTransportAsync(transport, cancellationToken).ConfigureAwait(false);
            var first = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            return (transport, first, ReadHandshake(first));
        }
        catch
        {
            await DisposeQuietlyAsync(transport).ConfigureAwait(false);
            throw;
        }
    }

    // Neither the framing (WebSocket and custom transports have none) nor maxPayload told the revision: engine.io
    // 1.x-3.x (revision 3) and 4.x-6.1 (revision 4) look alike. Servers before 4.x ignore EIO, so the open session
    // already speaks whatever the server speaks; one polling handshake on the side shows which by its framing. It goes
    // through the session's own transport factory, so a factory that wraps the built-in transports (to count or log
    // packets) still gets a detected revision; a factory without a polling transport leaves revision 4 assumed.
    private async Task<EngineIoVersion> DetectRevisionAsync(IEngineIoTransport transport, CancellationToken cancellationToken)
    {
        var side = new EngineIoTransportContext(ServerUri, Options, Options.Connection.LoggerFactory);
        var probe = transport.Name == EngineIoTransportNames.Polling ? null : _transportFactory.CreateTransport(EngineIoTransportNames.Polling, side);
        if (probe is null)
        {
            Log.RevisionAssumed(_logger, transport.Name);
            return EngineIoVersion.V4;
        }

        try
        {
            await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
            var first = await probe.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (side.Version == EngineIoVersion.Auto)
            {
                Log.RevisionAssumed(_logger, probe.Name);
                return EngineIoVersion.V4;
            }

            Log.RevisionDetectedByPolling(_logger, side.Version);
            await CloseSideSessionAsync(probe, side, first, cancellationToken).ConfigureAwait(false);
            return side.Version;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RevisionDetectionFailed(_logger, exception);
            return EngineIoVersion.V4;
        }
        finally
        {
            await DisposeQuietlyAsync(probe).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the side session at once (a close packet), so the server does not keep it until its heartbeat
    /// times out. Best effort: the revision is known either way.</summary>
    private async Task CloseSideSessionAsync(IEngineIoTransport probe, EngineIoTransportContext side, IReadOnlyList<EngineIoPacket> first, CancellationToken cancellationToken)
    {
        try
        {
            if (first.Count > 0 && first[0].Type == EngineIoPacketType.Open)
            {
                side.SessionId = HandshakeParser.Parse(first[0].Text).Sid;
                await probe.SendAsync([new EngineIoPacket(EngineIoPacketType.Close)], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RevisionProbeNotClosed(_logger, exception);
        }
    }

    private IEngineIoTransport CreateTransport(string name, EngineIoTransportContext context) =>
        _transportFactory.CreateTransport(name, context)
        ?? throw new EngineIoException($"The transport factory does not know the transport '{name}'.");

    private static async Task OpenTransportAsync(IEngineIoTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            await transport.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (EngineIoException or OperationCanceledException))
        {
            throw new EngineIoException($"The {transport.Name} transport could not be opened: {exception.Message}", exception);
        }
    }

    private EngineIoHandshake ReadHandshake(IReadOnlyList<EngineIoPacket> first)
    {
        if (first.Count == 0)
        {
            throw new EngineIoException("The server closed the transport before the handshake.");
        }

        if (first[0].Type != EngineIoPacketType.Open)
        {
            throw new EngineIoParseException($"The server's first packet is {PacketCodec.Preview(first[0])}, not the open packet.");
        }

        var handshake = HandshakeParser.Parse(first[0].Text);
        var context = _context!;
        if (context.Version == EngineIoVersion.Auto && handshake.MaxPayload is not null)
        {
            // maxPayload only exists in revision 4 (engine.io 6.2+).
            context.Version = EngineIoVersion.V4;
        }

        return handshake;
    }

    /// <summary>What <see cref="ConnectAsync"/> throws for a failure: an <see cref="EngineIoException"/>, or, when the
    /// caller cancelled, an <see cref="OperationCanceledException"/> carrying the caller's token (not the linked one
    /// the layers below saw).</summary>
    private Exception DescribeConnectFailure(Exception exception, bool connectCanceled, CancellationToken callerToken)
    {
        if (exception is EngineIoException { ServerErrorCode: 5 } unsupported && Options.Version == EngineIoVersion.V3)
        {
            return new EngineIoVersionMismatchException(EngineIoVersion.V3, EngineIoVersion.V4, unsupported);
        }

        // A cancelled read can surface as an I/O error from below; what the caller asked for decides the outcome.
        if (callerToken.IsCancellationRequested)
        {
            return exception is OperationCanceledException canceled && canceled.CancellationToken == callerToken
                ? canceled
                : new OperationCanceledException("Connecting was canceled.", exception, callerToken);
        }

        return exception switch
        {
            EngineIoException engineIO => engineIO,
            OperationCanceledException when _lifetime.IsCancellationRequested => new EngineIoException("The client was closed while connecting.", exception),
            OperationCanceledException when connectCanceled =>
                new EngineIoException($"The Engine.IO handshake did not complete within {Options.ConnectTimeout.TotalSeconds:0.###} s.", new TimeoutException("Connect timed out.", exception)),
            _ => new EngineIoException($"The Engine.IO handshake failed: {exception.Message}", exception),
        };
    }

    private void MarkFailedBeforeOpen(Exception? failure)
    {
        _upgradeSettled.TrySetResult(new EngineIoUpgradeResult(EngineIoUpgradeStatus.NotAttempted, null, failure));

        // From Connecting when the connect failed; CloseAsync of a client never connected moved it from Created already.
        TryTransition(EngineIoClientState.Connecting, EngineIoClientState.Closed);
        _closeReason ??= EngineIoCloseReason.TransportError;
        _closeException ??= failure;
        _outgoing.Writer.TryComplete();
        _closed.TrySetResult();
        _incoming.Writer.TryComplete();
    }

    private void ThrowIfEnded()
    {
        if (State >= EngineIoClientState.Closing)
        {
            // The details of the cause (HTTP status, WebSocket close code) stay on top, so callers that catch this
            // exception see why the session ended without unwrapping it.
            var message = $"The Engine.IO session has ended ({_closeReason?.ToString() ?? "closing"}).";
            var cause = _closeException as EngineIoException;
            throw new EngineIoException(message, cause?.StatusCode, cause?.ServerErrorCode, cause?.ServerMessage, _closeException)
            {
                WebSocketCloseCode = cause?.WebSocketCloseCode,
                WebSocketCloseReason = cause?.WebSocketCloseReason,
            };
        }
    }

    private async Task RunReceiveLoopAsync(IEngineIoTransport transport, IReadOnlyList<EngineIoPacket> pending, CancellationToken token)
    {
        try
        {
            if (!await HandlePacketsAsync(pending, token).ConfigureAwait(false))
            {
                return;
            }

            while (!token.IsCancellationRequested && !_pauseReceiving)
            {
                var packets = await transport.ReceiveAsync(token).ConfigureAwait(false);
                if (packets.Count == 0)
                {
                    Log.TransportClosedByPeer(_logger, transport.Name);
                    _ = BeginClose(EngineIoCloseReason.TransportClose, null, CancellationToken.None);
                    return;
                }

                if (!await HandlePacketsAsync(packets, token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The session is closing.
        }
        catch (Exception exception)
        {
            Log.ReceiveFailed(_logger, transport.Name, exception);
            _ = BeginClose(EngineIoCloseReason.TransportError, WrapTransportError(exception), CancellationToken.None);
        }
    }

    private async ValueTask<bool> HandlePacketsAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken token)
    {
        var lastMessage = packets.Count - 1;
        while (lastMessage >= 0 && packets[lastMessage].Type != EngineIoPacketType.Message)
        {
            lastMessage--;
        }

        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            Log.PacketReceived(_logger, packet.Type);
            if (PacketReceived is { } packetReceived)
            {
                Raise(packetReceived, new EngineIoPacketEventArgs(packet));
            }
            switch (packet.Type)
            {
                case EngineIoPacketType.Message:
                    _receivedSinceSend = true;
                    if (_metrics.MessagesReceived.Enabled || _metrics.BytesReceived.Enabled)
                    {
                        EngineIoMetrics.CountMessage(_metrics.MessagesReceived, _metrics.BytesReceived, packet, Volatile.Read(ref _transport)?.Name);
                    }

                    var message = packet.IsBinary ? EngineIoMessage.FromBinary(packet.Binary)
                        : packet.TryGetUtf8Text(out var utf8) ? (packet.IsPooled ? EngineIoMessage.FromPooledUtf8Text(utf8) : EngineIoMessage.FromUtf8Text(utf8))
                        : EngineIoMessage.FromText(packet.Text ?? string.Empty);
                    // Counted before it is written: a reader may take it at once.
                    var full = Interlocked.Add(ref _receivedBytesWaiting, message.QueuedSize) >= _receiveBufferMaxBytes;
                    await _incoming.Writer.WriteAsync(i < lastMessage ? message.FollowedInBatch() : message, token).ConfigureAwait(false);
                    if (full)
                    {
                        await WaitForReceiveRoomAsync(token).ConfigureAwait(false);
                    }

                    break;
                case EngineIoPacketType.Ping:
                    OnPing();
                    break;
                case EngineIoPacketType.Pong:
                    OnPong(packet);
                    break;
                case EngineIoPacketType.Close:
                    Log.ServerClosed(_logger);
                    await WaitForWriteInFlightAsync(token).ConfigureAwait(false);
                    _ = BeginClose(EngineIoCloseReason.ServerClose, null, CancellationToken.None);
                    return false;
                default:
                    // open (repeated), upgrade and noop carry nothing for the session.
                    break;
            }
        }

        return true;
    }

    private static EngineIoException WrapTransportError(Exception exception) =>
        exception as EngineIoException ?? new EngineIoException($"The transport failed: {exception.Message}", exception);

    /// <summary>Starts the close once; later calls get the same task.</summary>
    /// <param name="reason">Why the session ends.</param>
    /// <param name="exception">The failure that ends it, if any.</param>
    /// <param name="cancellationToken">Bounds the graceful part of a close a caller asked for (<see cref="CloseAsync"/>);
    /// a close the session starts itself (a failure, the server's close) passes none.</param>
    private Task BeginClose(EngineIoCloseReason reason, Exception? exception, CancellationToken cancellationToken = default)
    {
        lock (_closeLock)
        {
            if (_closeTask is not null)
            {
                return _closeTask;
            }

            if (!TryTransition(EngineIoClientState.Open, EngineIoClientState.Closing))
            {
                return _closed.Task;
            }

            _closeReason = reason;
            _closeException = exception;
            _closeTask = Task.Run(() => CloseCoreAsync(reason, exception, cancellationToken), CancellationToken.None);
            return _closeTask;
        }
    }

    private async Task CloseCoreAsync(EngineIoCloseReason reason, Exception? exception, CancellationToken cancellationToken)
    {
        Log.Closing(_logger, reason, exception);
        StopHeartbeat();
        var transport = Volatile.Read(ref _transport);
        if (reason == EngineIoCloseReason.ClientClose)
        {
            // Flush what was queued, then the close packet, then let the send loop end on its own.
            EnqueueControl(new EngineIoPacket(EngineIoPacketType.Close));
            _outgoing.Writer.TryComplete();
            using var gracefulTimer = new CancellationTokenSource(CloseTimeout, _timeProvider);
            using var graceful = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gracefulTimer.Token);
            await IgnoreFailureAsync(_upgrade.WaitAsync(graceful.Token)).ConfigureAwait(false);
            await IgnoreFailureAsync(_sendLoop.WaitAsync(graceful.Token)).ConfigureAwait(false);
            transport = Volatile.Read(ref _transport);
            if (transport is not null)
            {
                // Bounded here too: a transport that ignores the token must not hold the close for ever.
                await IgnoreFailureAsync(transport.CloseAsync(graceful.Token).WaitAsync(graceful.Token)).ConfigureAwait(false);
            }
        }

        _outgoing.Writer.TryComplete();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await IgnoreFailureAsync(Task.WhenAll(_sendLoop, _receiveLoop, _upgrade).WaitAsync(CloseTimeout, _timeProvider, CancellationToken.None)).ConfigureAwait(false);
        if (transport is not null)
        {
            await DisposeQuietlyAsync(transport).ConfigureAwait(false);
        }

        if (TryTransition(EngineIoClientState.Closing, EngineIoClientState.Closed) && _countedVersion is { } countedVersion)
        {
            _metrics.Sessions.Add(-1, new KeyValuePair<string, object?>(EngineIoMetrics.VersionTag, countedVersion));
        }
        _upgradeSettled.TrySetResult(new EngineIoUpgradeResult(
            EngineIoUpgradeStatus.Failed, transport?.Name, new EngineIoException($"The session ended ({reason}) before the transport settled.", exception)));
        Log.Closed(_logger, reason);
        Raise(Closed, new EngineIoClosedEventArgs(reason, exception));
        _closed.TrySetResult();

        // Last: with InlineReceiveContinuations the reader resumes inside this call and may react to the end at once.
        _incoming.Writer.TryComplete();
    }

    private async ValueTask DisposeQuietlyAsync(IEngineIoTransport transport)
    {
        try
        {
            await transport.DisposeAsync().AsTask().WaitAsync(CloseTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.TransportDisposeFailed(_logger, transport.Name, exception);
        }
    }

    private static async Task IgnoreFailureAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort while closing: the outcome is already decided.
        }
    }

    /// <summary>Whether application code listens to any event; the loops that raise them may run on the runtime's
    /// socket thread (<see cref="EngineIoConnectionOptions.SocketCompletions"/>).</summary>
    private bool HasEventHandlers() =>
        Opened is not null || Upgraded is not null || UpgradeFailed is not null || PacketReceived is not null || PacketSent is not null
        || PingReceived is not null || PingSent is not null || PongReceived is not null || Closed is not null;

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception exception)
        {
            Log.EventHandlerFailed(_logger, typeof(TArgs).Name, exception);
        }
    }
}
