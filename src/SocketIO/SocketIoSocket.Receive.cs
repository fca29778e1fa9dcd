using System.Text.Json;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO;

public partial class SocketIoSocket
{
    private readonly Queue<SocketIoEvent> _receiveBuffer = new();

    /// <summary>Handles a packet for this namespace; runs on the receive loop, so it never calls user code directly.</summary>
    /// <exception cref="SocketIoProtocolException">The packet is malformed.</exception>
    internal void HandlePacket(SocketIoPacket packet, ISocketIoSession session)
    {
        switch (packet.Type)
        {
            case SocketIoPacketType.Connect:
                HandleConnect(packet, session);
                break;
            case SocketIoPacketType.ConnectError:
                OnConnectError(ParseConnectError(packet));
                break;
            case SocketIoPacketType.Disconnect:
                OnServerDisconnect();
                break;
            case SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent:
                HandleEvent(packet);
                break;
            case SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck:
                HandleAck(packet);
                break;
        }
    }

    private void HandleConnect(SocketIoPacket packet, ISocketIoSession session)
    {
        if (session.Protocol != SocketIoProtocol.V5)
        {
            var engineId = session.SessionId;
            OnConnected(Namespace == "/" ? engineId : Namespace + "#" + engineId, pid: null);
            return;
        }

        string? sid = null;
        string? pid = null;
        if (!string.IsNullOrEmpty(packet.Payload))
        {
            var payload = SocketIoJson.ParseWithAttachments(packet.Payload, [], out _);
            if (payload.ValueKind != JsonValueKind.Object)
            {
                throw new SocketIoProtocolException("The CONNECT payload is not an object.");
            }

            sid = payload.TryGetProperty("sid", out var sidElement) ? sidElement.GetString() : null;
            pid = payload.TryGetProperty("pid", out var pidElement) ? pidElement.GetString() : null;
        }

        OnConnected(sid, pid);
    }

    private SocketIoConnectException ParseConnectError(SocketIoPacket packet)
    {
        if (string.IsNullOrEmpty(packet.Payload))
        {
            return new SocketIoConnectException(Namespace, "Connection refused", null);
        }

        var payload = SocketIoJson.ParseWithAttachments(packet.Payload, [], out _);
        return payload.ValueKind switch
        {
            JsonValueKind.String => new SocketIoConnectException(Namespace, payload.GetString()!, null),
            JsonValueKind.Object when payload.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String =>
                new SocketIoConnectException(Namespace, message.GetString()!, payload.TryGetProperty("data", out var data) ? data : null),
            // socket.io 1.x/2.x send only err.data when the middleware error has it.
            JsonValueKind.Object => new SocketIoConnectException(Namespace, payload.GetRawText(), payload),
            _ => new SocketIoConnectException(Namespace, payload.GetRawText(), null),
        };
    }

    private void HandleEvent(SocketIoPacket packet)
    {
        var rest = SocketIoJson.DecodeEvent(packet.Payload, packet.Attachments, out var nameElement);
        var name = nameElement.ValueKind switch
        {
            JsonValueKind.Undefined => throw new SocketIoProtocolException("An EVENT packet has no event name."),
            JsonValueKind.String => nameElement.GetString()!,
            JsonValueKind.Number => nameElement.GetRawText(),
            _ => throw new SocketIoProtocolException("An EVENT packet's name is neither a string nor a number."),
        };
        var received = new SocketIoEvent(name, Namespace, packet.Id, rest, Manager.Json, packet.Id is null ? null : SendAckAsync);

        lock (_sync)
        {
            if (_pid is not null && rest.Values.Length > 0 && rest.Values[^1].ValueKind == JsonValueKind.String)
            {
                _lastOffset = rest.Values[^1].GetString();
            }

            if (_state != Internal.SocketState.Connected)
            {
                // Recovered sessions replay missed events before the CONNECT reply: hold them until connected.
                if (_receiveBuffer.Count >= Math.Max(1, Manager.Options.ReceiveBufferCapacity))
                {
                    _receiveBuffer.Dequeue();
                }

                _receiveBuffer.Enqueue(received);
                return;
            }
        }

        Deliver(received);
    }

    private void DeliverBufferedEvents()
    {
        while (true)
        {
            SocketIoEvent? next;
            lock (_sync)
            {
                if (!_receiveBuffer.TryDequeue(out next))
                {
                    return;
                }
            }

            Deliver(next);
        }
    }

    private void Deliver(SocketIoEvent received)
    {
        Log.EventReceived(Manager.Logger, Namespace, received.Name, received.Count);
        if (!_inbox.Add(received))
        {
            Log.InboxOverflow(Manager.Logger, Namespace);
        }

        lock (_streams)
        {
            foreach (var stream in _streams)
            {
                stream.Writer.TryWrite(received);
            }
        }

        // Indexed: a foreach over the interface would allocate an enumerator per event.
        var handlers = _handlers.Resolve(received.Name);
        for (var i = 0; i < handlers.Count; i++)
        {
            Manager.Dispatcher.Post(handlers[i], received);
        }
    }

    private void HandleAck(SocketIoPacket packet)
    {
        if (packet.Id is not { } id)
        {
            throw new SocketIoProtocolException("An ACK packet has no id.");
        }

        var ack = new SocketIoAck(SocketIoJson.DecodeArguments(packet.Payload, packet.Attachments), Manager.Json);
        if (!_acks.TryComplete(id, ack))
        {
            Log.UnknownAck(Manager.Logger, Namespace, id);
        }
    }
}
