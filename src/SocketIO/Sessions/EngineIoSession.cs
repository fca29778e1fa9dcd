using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Sessions;

/// <summary>
/// Socket.IO v3/v4/v5 packets over an Engine.IO connection, framed by a parser (by default one text message per header
/// and one binary message per attachment).
/// </summary>
internal sealed class EngineIoSession : ISocketIoSession
{
    private readonly EngineIoClient _engine;
    private readonly ISocketIoPacketEncoder _encoder;
    private readonly ISocketIoPacketDecoder _decoder;
    private readonly Lock _sendOrder = new();

    // Reused under _sendOrder: the messages of the packet being sent.
    private readonly List<EngineIoMessage> _encoded = new(2);
    private readonly bool _ownsEncodedText;
    private SocketIoDisconnectReason? _parseFailure;

    // Whether the decoder took a message without completing a packet (a binary packet waiting for its attachments).
    private bool _packetIncomplete;

    /// <exception cref="NotSupportedException">The parser cannot speak <paramref name="protocol"/>.</exception>
    public EngineIoSession(EngineIoClient engine, SocketIoProtocol protocol, ISocketIoParser parser, int maxAttachments, long maxPacketSize = long.MaxValue)
    {
        _engine = engine;
        Protocol = protocol;
        var context = new SocketIoParserContext { Protocol = protocol, MaxAttachments = maxAttachments, MaxPacketSize = maxPacketSize };
        _encoder = parser.CreateEncoder(context);
        _ownsEncodedText = parser is SocketIoTextParser;
        _decoder = parser.CreateDecoder(context);

        // The manager routes each packet before it asks for the next, so the default decoder may reuse its packet.
        if (_decoder is SocketIoPacketDecoder decoder)
        {
            decoder.ReusePackets = true;
        }
    }

    public SocketIoProtocol Protocol { get; }

    public string? SessionId => _engine.Handshake?.Sid;

    public string? TransportName => _engine.TransportName;

    public SocketIoDisconnectReason CloseReason => _parseFailure ?? _engine.CloseReason switch
    {
        EngineIoCloseReason.PingTimeout => SocketIoDisconnectReason.PingTimeout,
        EngineIoCloseReason.TransportError => SocketIoDisconnectReason.TransportError,
        EngineIoCloseReason.ClientClose => SocketIoDisconnectReason.ForcedClose,
        _ => SocketIoDisconnectReason.TransportClose,
    };

    public Exception? CloseException { get; private set; }

    /// <exception cref="SocketIoDisconnectedException">The Engine.IO session has ended (possibly before the receive
    /// loop noticed); the cause is the inner exception. Never an Engine.IO exception: callers of the Socket.IO API
    /// see Socket.IO exceptions only.</exception>
    public ValueTask SendAsync(SocketIoPacket packet, CancellationToken cancellationToken)
    {
        ValueTask send;
        try
        {
            if (_ownsEncodedText && packet.Attachments.Count == 0)
            {
                // The default parser's packet without attachments is one UTF-8 text message, written into the room the
                // emit left in front of its payload (this packet's own array): no message list, no encoder call. The
                // lock still orders it against another packet's header and attachments.
                var utf8 = SocketIoPacketEncoder.EncodeUtf8(packet, Protocol);
                lock (_sendOrder)
                {
                    send = _engine.SendUtf8TextAsync(utf8, packet.Compress, cancellationToken);
                }
            }
            else
            {
                send = SendEncoded(packet, cancellationToken);
            }
        }
        catch (EngineIoPayloadTooLargeException exception)
        {
            throw new SocketIoPayloadTooLargeException(exception.Size, exception.MaxPayload, exception);
        }
        catch (EngineIoException exception)
        {
            throw Lost(exception);
        }

        return send.IsCompletedSuccessfully ? send : TranslateAsync(send);
    }

    /// <summary>Encodes a packet with the session's encoder and queues its messages, in order.</summary>
    private ValueTask SendEncoded(SocketIoPacket packet, CancellationToken cancellationToken)
    {
        ValueTask send;

        // A packet's messages (a header and its attachments) must not interleave with another packet's.
        lock (_sendOrder)
        {
            _encoded.Clear();
            try
            {
                _encoder.Encode(packet, _encoded);

                if (_encoded.Count == 1)
                {
                    // The engine checks a lone message against maxPayload before it queues it.
                    send = SendOne(_encoded[0], packet.Compress, cancellationToken);
                }
                else
                {
                    // Every message of the packet is checked before any is queued: a header sent without its
                    // attachments would leave the server waiting for them.
                    foreach (var message in _encoded)
                    {
                        _engine.EnsureFitsMaxPayload(message);
                    }

                    var sends = new Task[_encoded.Count];
                    for (var i = 0; i < sends.Length; i++)
                    {
                        sends[i] = SendOne(_encoded[i], packet.Compress, cancellationToken).AsTask();
                    }

                    send = new ValueTask(Task.WhenAll(sends));
                }
            }
            finally
            {
                _encoded.Clear();
            }
        }

        return send;
    }

    // A UTF-8 text message from the encoder is handed over without a copy when the encoder is the default one, whose
    // every message is a new array (or the free room of an emit's own array) that nothing writes to afterwards. A
    // custom encoder's bytes are copied, as its messages may share a buffer it reuses.
    private ValueTask SendOne(EngineIoMessage message, bool compress, CancellationToken cancellationToken) =>
        _ownsEncodedText && message.TryGetUtf8Text(out var utf8)
            ? _engine.SendUtf8TextAsync(utf8, compress, cancellationToken)
            : _engine.SendAsync(message, compress, cancellationToken);

    private async ValueTask TranslateAsync(ValueTask send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (EngineIoException exception)
        {
            throw Lost(exception);
        }
    }

    private SocketIoDisconnectedException Lost(EngineIoException exception) => new(CloseReason, exception);

    public bool HasMoreInBatch { get; private set; }

    // Pooled: the manager's receive loop awaits this once per packet.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SocketIoPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await _engine.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message is not { } received)
            {
                if (_packetIncomplete)
                {
                    // A binary packet whose attachments never came: lost with the connection, and said so.
                    _parseFailure = SocketIoDisconnectReason.ParseError;
                    CloseException ??= new SocketIoProtocolException(
                        $"The connection ended while a packet still waited for {MissingPart()}; the packet is lost.", _engine.CloseException);
                }

                _decoder.Reset();
                CloseException ??= _engine.CloseException;
                return null;
            }

            try
            {
                var packet = _decoder.Decode(received);
                _packetIncomplete = packet is null;
                if (packet is not null)
                {
                    HasMoreInBatch = received.HasMoreInBatch;
                    return packet;
                }
            }
            catch (SocketIoProtocolException exception)
            {
                _parseFailure = SocketIoDisconnectReason.ParseError;
                CloseException = exception;
                throw;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A custom parser's own failure is a parse error too, never an escape from the receive loop.
                _parseFailure = SocketIoDisconnectReason.ParseError;
                var failure = new SocketIoProtocolException("The parser could not decode a message: " + exception.Message, exception);
                CloseException = failure;
                throw failure;
            }
        }
    }

    private string MissingPart() => _decoder is SocketIoPacketDecoder { MissingAttachments: > 0 and var missing }
        ? $"{missing} attachment(s)"
        : "more messages";

    public Task FlushAsync(CancellationToken cancellationToken) => _engine.FlushAsync(cancellationToken);

    public Task CloseAsync(CancellationToken cancellationToken) => _engine.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
