using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Sessions;

/// <summary>Socket.IO v3/v4/v5 packets over an Engine.IO connection: one message per header, one per attachment.</summary>
internal sealed class EngineIoSession : ISocketIoSession
{
    private readonly EngineIOClient _engine;
    private readonly SocketIoPacketDecoder _decoder;
    private readonly Lock _sendOrder = new();
    private SocketIoDisconnectReason? _parseFailure;

    public EngineIoSession(EngineIOClient engine, SocketIoProtocol protocol, int maxAttachments)
    {
        _engine = engine;
        Protocol = protocol;
        _decoder = new SocketIoPacketDecoder(maxAttachments);
    }

    public SocketIoProtocol Protocol { get; }

    public string? SessionId => _engine.Handshake?.Sid;

    public string? TransportName => _engine.TransportName;

    public SocketIoDisconnectReason CloseReason => _parseFailure ?? _engine.CloseReason switch
    {
        EngineIOCloseReason.PingTimeout => SocketIoDisconnectReason.PingTimeout,
        EngineIOCloseReason.TransportError => SocketIoDisconnectReason.TransportError,
        EngineIOCloseReason.ClientClose => SocketIoDisconnectReason.ForcedClose,
        _ => SocketIoDisconnectReason.TransportClose,
    };

    public Exception? CloseException { get; private set; }

    /// <exception cref="SocketIoDisconnectedException">The Engine.IO session has ended (possibly before the receive
    /// loop noticed); the cause is the inner exception. Never an Engine.IO exception: callers of the Socket.IO API
    /// see Socket.IO exceptions only.</exception>
    public ValueTask SendAsync(SocketIoPacket packet, CancellationToken cancellationToken)
    {
        var header = SocketIoPacketEncoder.Encode(packet, Protocol);
        ValueTask send;
        try
        {
            // The header and its attachments must not interleave with another packet's messages.
            lock (_sendOrder)
            {
                if (packet.Attachments.Count == 0)
                {
                    send = _engine.SendAsync(header, cancellationToken);
                }
                else
                {
                    var sends = new Task[packet.Attachments.Count + 1];
                    sends[0] = _engine.SendAsync(header, cancellationToken).AsTask();
                    for (var i = 0; i < packet.Attachments.Count; i++)
                    {
                        sends[i + 1] = _engine.SendAsync(packet.Attachments[i], cancellationToken).AsTask();
                    }

                    send = new ValueTask(Task.WhenAll(sends));
                }
            }
        }
        catch (EngineIOException exception)
        {
            throw Lost(exception);
        }

        return send.IsCompletedSuccessfully ? send : TranslateAsync(send);
    }

    private async ValueTask TranslateAsync(ValueTask send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (EngineIOException exception)
        {
            throw Lost(exception);
        }
    }

    private SocketIoDisconnectedException Lost(EngineIOException exception) => new(CloseReason, exception);

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
                _decoder.Reset();
                CloseException ??= _engine.CloseException;
                return null;
            }

            try
            {
                var packet = received.IsBinary ? _decoder.DecodeBinary(received.Binary) : _decoder.DecodeText(received.Text ?? string.Empty);
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
        }
    }

    public Task CloseAsync(CancellationToken cancellationToken) => _engine.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
