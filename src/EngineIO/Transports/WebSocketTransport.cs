using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.EngineIO.Protocol;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Transports;

/// <summary>The <c>websocket</c> transport: one Engine.IO packet per WebSocket message over Tusk.Transport.WebSocket.</summary>
internal sealed partial class WebSocketTransport : IEngineIoTransport
{
    private static readonly IReadOnlyList<EngineIoPacket> s_serverClosed = [new EngineIoPacket(EngineIoPacketType.Close)];

    private readonly EngineIoTransportContext _context;
    private readonly ILogger _logger;
    private ArrayBufferWriter<byte> _sendBuffer = new();
    private WebSocketConnection? _connection;

    public WebSocketTransport(EngineIoTransportContext context)
    {
        _context = context;
        _logger = context.LoggerFactory is NullLoggerFactory ? NullLogger<WebSocketTransport>.Instance : context.LoggerFactory.CreateLogger<WebSocketTransport>();
    }

    public string Name => EngineIoTransportNames.WebSocket;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var socketOptions = CreateSocketOptions(_context);
        var uri = _context.BuildUri(Name, webSocketScheme: true);
        Log.Connecting(_logger, uri);
        try
        {
            _connection = await WebSocketClient.ConnectAsync(uri, socketOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketHandshakeException exception)
        {
            throw TransportErrors.FromWebSocketHandshake(exception);
        }
    }

    /// <summary>The WebSocket client's options for a session's transport.</summary>
    internal static WebSocketClientOptions CreateSocketOptions(EngineIoTransportContext context)
    {
        var options = context.Options;
        var socketOptions = options.Connection.CreateWebSocketOptions();
        socketOptions.Cookies = context.Cookies;
        socketOptions.LoggerFactory = context.LoggerFactory;
        socketOptions.ConnectTimeout = options.ConnectTimeout;
        socketOptions.MaxMessageSize = options.MaxReceiveSize;
        socketOptions.MaxFragmentsPerMessage = options.MaxFragmentsPerMessage;
        socketOptions.EnableCompression = options.EnableCompression;
        if (socketOptions.SocketCompletions == SocketCompletionMode.Auto
            && (!options.InlineReceiveContinuations || context.HasEventHandlers?.Invoke() == true))
        {
            // Auto never puts application code on the socket thread unasked. Without InlineReceiveContinuations the
            // owner has not said that its code after ReceiveAsync is short (the Socket.IO client says so; a client used
            // on its own does not by default), and the session raises its events on the loops that would then run on
            // the socket thread, including handlers added after the connect.
            socketOptions.SocketCompletions = SocketCompletionMode.ThreadPool;
        }

        return socketOptions;
    }

    // A small text message (an emit, an ack) is encoded in a buffer of the sending thread's, which stays in that
    // thread's cache across the thousands of connections a load generator sends on; the connection's own buffer is then
    // not touched. The WebSocket copies the bytes into its frame buffer before a send returns complete; a send that
    // returns incomplete (its frame buffer was full) keeps the array, and the thread takes a new one.
    private const int ScratchSize = 512;

    [ThreadStatic]
    private static byte[]? t_scratch;

    public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        if (packets.Count == 1 && packets[0] is { IsBinary: false } packet && packet.TryGetUtf8Text(out var utf8)
            && utf8.Length < ScratchSize && _connection is { IsCompressed: false } connection)
        {
            var scratch = t_scratch ?? new byte[ScratchSize];
            t_scratch = null;
            scratch[0] = PacketCodec.TypeDigit(packet.Type);
            utf8.Span.CopyTo(scratch.AsSpan(1));
            ValueTask send;
            try
            {
                send = connection.SendAsync(scratch.AsMemory(0, utf8.Length + 1), WebSocketMessageKind.Text, compress: false, cancellationToken);
            }
            catch (Exception exception)
            {
                t_scratch = scratch;
                return ValueTask.FromException(Translate(exception, connection));
            }

            if (send.IsCompleted)
            {
                t_scratch = scratch;
                if (send.IsCompletedSuccessfully)
                {
                    send.GetAwaiter().GetResult();
                    return default;
                }
            }

            return AwaitTranslatedAsync(send, connection);
        }

        return SendEachAsync(packets, cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var connection = Connection;
        try
        {
            await connection.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(exception, connection) is var translated && translated != exception)
        {
            throw translated;
        }
    }

    private static async ValueTask AwaitTranslatedAsync(ValueTask send, WebSocketConnection connection)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw Translate(exception, connection);
        }
    }

    // The error a write reports for what went wrong (the exception itself when it needs no translation). A refused
    // write on a connection that has ended (the server's close frame arrived and was answered, or this side failed the
    // connection: a limit, a protocol violation, or lost it) is reported as that end, exactly as the receive side does,
    // not as the refusal to write.
    private static Exception Translate(Exception exception, WebSocketConnection connection) => exception switch
    {
        InvalidOperationException when connection.CloseCode is { } code =>
            connection.State is WebSocketConnectionState.CloseReceived or WebSocketConnectionState.Closed
                ? ServerClosed(code, connection.CloseReason)
                : TransportErrors.FromWebSocketFailure(code, connection.CloseReason),
        WebSocketProtocolException protocol => TransportErrors.FromWebSocket(protocol),
        _ => exception,
    };

    private async ValueTask SendEachAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        var connection = Connection;
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            _sendBuffer.ResetWrittenCount();
            if (packet.IsBinary)
            {
                PacketCodec.EncodeBinaryFrame(packet, _context.Version, _sendBuffer);
            }
            else
            {
                PacketCodec.EncodeTextUtf8(packet, _sendBuffer);
            }

            var kind = packet.IsBinary ? WebSocketMessageKind.Binary : WebSocketMessageKind.Text;

            // As engine.io-client: a message may be compressed unless its sender said no or it is below the threshold.
            var compress = packet.Compress && _sendBuffer.WrittenCount >= _context.Options.CompressionThreshold;
            try
            {
                await connection.SendAsync(_sendBuffer.WrittenMemory, kind, compress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (Translate(exception, connection) is var translated && translated != exception)
            {
                throw translated;
            }
            finally
            {
                SendBuffer.Trim(ref _sendBuffer);
            }
        }
    }

    // A message larger than this is taken over from the WebSocket layer (its buffer is a plain array) instead of being
    // copied: a 90 MB message is then held once, not twice, on its way up.
    private const int LargeMessage = 1024 * 1024;

    // With ReuseReceiveBuffers, a text message up to this size is copied into a pooled array, which the client returns
    // once its reader is past the message: a received message then allocates no array for its bytes.
    private const int PooledMessage = 64 * 1024;

    // Pooled: the client's receive loop awaits this once per message.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
    {
        WebSocketMessage received;
        try
        {
            received = await Connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketProtocolException exception)
        {
            throw TransportErrors.FromWebSocket(exception);
        }

        using var message = received;
        switch (message.Kind)
        {
            case WebSocketMessageKind.Close:
                var code = Connection.CloseCode ?? WebSocketCloseCodes.NoStatusReceived;
                Log.ClosedByPeer(_logger, code, Connection.CloseReason);

                // engine.io ends a session over WebSocket with a normal close where over polling it sends a close
                // packet: both are the server closing the session. Any other code is a failure, and says which.
                return IsNormalClose(code) ? s_serverClosed : throw TransportErrors.FromServerClose(code, Connection.CloseReason);
            case WebSocketMessageKind.Binary when message.Data.Length > LargeMessage:
                var binary = message.Detach();
                return [PacketCodec.DecodeBinaryFrame(binary.Span, binary, _context.Version)];
            case WebSocketMessageKind.Binary:
                return One(PacketCodec.DecodeBinaryFrame(message.Data.Span, _context.Version), message.Data.Length);
            case WebSocketMessageKind.Text when message.Data.Length > LargeMessage:
                var text = message.Detach();
                return [PacketCodec.DecodeTextUtf8(text.Span, text, _context.Version)];
            case WebSocketMessageKind.Text when message.Data.Length <= PooledMessage && _context.Options.ReuseReceiveBuffers:
                return One(PacketCodec.DecodeTextUtf8Pooled(message.Data.Span, _context.Version), message.Data.Length);
            default:
                return One(PacketCodec.DecodeTextUtf8(message.Data.Span, _context.Version), message.Data.Length);
        }
    }

    // A message up to this size is returned in the transport's own one-element list, reused by the next receive (the
    // session handles, or copies, what a receive returned before it receives again), so a message does not allocate a
    // list. Larger ones get their own list: the reused one keeps its last packet until the next message arrives, which
    // is then at most this much memory per idle connection.
    private const int ReusedListMessage = 4 * 1024;

    private readonly EngineIoPacket[] _one = new EngineIoPacket[1];

    private EngineIoPacket[] One(EngineIoPacket packet, int size)
    {
        if (size > ReusedListMessage)
        {
            _one[0] = default;
            return [packet];
        }

        _one[0] = packet;
        return _one;
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            // A graceful close is CloseAsync's job; here the session is over (or failed), so do not wait on the peer.
            connection.Abort();
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsNormalClose(int code) => code is WebSocketCloseCodes.NormalClosure or WebSocketCloseCodes.NoStatusReceived;

    private static EngineIoException ServerClosed(int code, string? reason) =>
        IsNormalClose(code) ? new ServerClosedTransportException() : TransportErrors.FromServerClose(code, reason);

    private WebSocketConnection Connection => _connection ?? throw new InvalidOperationException("The WebSocket transport is not open.");
}
