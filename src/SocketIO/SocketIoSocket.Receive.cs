using System.Text.Json;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO;

public partial class SocketIoSocket
{
    // Events that arrived before the namespace's CONNECT reply (a recovered session replays missed events first), with
    // their sizes on the wire; bounded like the pull buffer.
    // The recovery offset an event carries is recorded only once it is delivered.
    private readonly Queue<(SocketIoEvent Event, long Size, string? Offset)> _receiveBuffer = new();
    private long _receiveBufferBytes;

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
        string? sid = null;
        string? pid = null;
        if (session.Protocol == SocketIoProtocol.V5)
        {
            (sid, pid) = ReadConnectPayload(packet.Payload);
            if (sid is null)
            {
                // socket.io 3.x/4.x always send {"sid":…}; a bare CONNECT is a 1.x/2.x server joining "/" by itself (a
                // v5 client reached it over WebSocket, where the framing looks alike). Nothing would work: ack ids,
                // heartbeats and CONNECT semantics differ. Fail now instead of a ping timeout later.
                Manager.OnProtocolMismatch(new SocketIoProtocolMismatchException(Manager.Options.Protocol, SocketIoProtocol.V4));
                return;
            }
        }

        // Before v5 (and on 0.9) the server joins "/" by itself, asked or not; any other CONNECT answers one of ours. One
        // that arrives after this socket gave up (refused through "/", timed out, left) must not make it connected again.
        var joinedByServer = Namespace == "/" && session.Protocol != SocketIoProtocol.V5;
        if (!_active && !joinedByServer)
        {
            Log.LateConnectIgnored(Manager.Logger, Namespace);
            _ = LeaveAfterLateConnectAsync(session);
            return;
        }

        OnConnected(session.Protocol == SocketIoProtocol.V5 ? sid : LegacySocketId(session), pid);
    }

    private static (string? Sid, string? Pid) ReadConnectPayload(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return (null, null);
        }

        var payload = SocketIoJson.ParseWithAttachments(json, [], out _);
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new SocketIoProtocolException("The CONNECT payload is not an object.");
        }

        return (StringProperty(payload, "sid"), StringProperty(payload, "pid"));
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// The id the server gives this socket when the CONNECT carries none: on protocol v3/v4 (socket.io 1.x/2.x) a custom
    /// namespace's socket is <c>/nsp#&lt;engine id&gt;</c>; socket.io 0.9 uses the session id for every endpoint.
    /// </summary>
    private string? LegacySocketId(ISocketIoSession session) =>
        Namespace == "/" || session.Protocol == SocketIoProtocol.V0_9 ? session.SessionId : Namespace + "#" + session.SessionId;

    /// <summary>The rejection an ERROR (v3/v4) or CONNECT_ERROR (v5) packet for this namespace carries.</summary>
    internal SocketIoConnectException ParseConnectError(SocketIoPacket packet)
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

    /// <summary>The event name a string element holds: the previous event's name string again when it is the same
    /// (a stream of one event, the usual case), so a received event does not allocate its name.</summary>
    private string EventName(JsonElement nameElement)
    {
        // Read and written only by the connection's receive loop, one packet at a time.
        if (_lastEventName is { } last && nameElement.ValueEquals(last))
        {
            return last;
        }

        return _lastEventName = nameElement.GetString()!;
    }

    private string? _lastEventName;

    private void HandleEvent(SocketIoPacket packet)
    {
        string name;
        DecodedArguments rest;
        if (packet.PayloadUtf8 is { } utf8)
        {
            // The name is read from the bytes (the previous name string again when equal) and each argument is its own
            // detached element.
            rest = SocketIoJson.DecodeEvent(utf8, packet.Attachments, _lastEventName, out name);
            _lastEventName = name;
        }
        else
        {
            rest = SocketIoJson.DecodeEvent(packet.Payload, packet.Attachments, out var nameElement);
            name = nameElement.ValueKind switch
            {
                JsonValueKind.Undefined => throw new SocketIoProtocolException("An EVENT packet has no event name."),
                JsonValueKind.String => EventName(nameElement),
                JsonValueKind.Number => nameElement.GetRawText(),
                _ => throw new SocketIoProtocolException("An EVENT packet's name is neither a string nor a number."),
            };
        }

        var received = new SocketIoEvent(name, Namespace, packet.Id, rest, Manager.Json, packet.Id is null ? null : SendAckAsync);
        if (Manager.Metrics.MessagesReceived.Enabled)
        {
            CountMessage(Manager.Metrics.MessagesReceived, Diagnostics.SocketIoTags.EventPacket, name);
        }

        var size = WireSize(packet);
        var dropped = 0;
        var buffered = false;
        lock (_sync)
        {
            var offset = _pid is not null && rest.Count > 0 && rest[rest.Count - 1].ValueKind == JsonValueKind.String
                ? rest[rest.Count - 1].GetString()
                : null;
            if (_state == Internal.SocketState.Connected)
            {
                if (offset is not null)
                {
                    _lastOffset = offset;
                }
            }
            else
            {
                // Recovered sessions replay missed events before the CONNECT reply: hold them until connected, within
                // the pull buffer's bounds (at least one event). Their offsets count once they are delivered.
                var options = Manager.Options;
                while (_receiveBuffer.Count > 0 &&
                    (_receiveBuffer.Count >= Math.Max(1, options.ReceiveBufferCapacity) || _receiveBufferBytes + size > options.ReceiveBufferMaxBytes))
                {
                    _receiveBufferBytes -= _receiveBuffer.Dequeue().Size;
                    dropped++;
                }

                _receiveBuffer.Enqueue((received, size, offset));
                _receiveBufferBytes += size;
                buffered = true;
            }
        }

        if (dropped > 0)
        {
            Log.EarlyEventsDropped(Manager.Logger, Namespace, dropped, "ReceiveBufferCapacity events or ReceiveBufferMaxBytes bytes wait already");
        }

        if (buffered)
        {
            return;
        }

        Deliver(received, size);
    }

    /// <summary>Drops the events held for a CONNECT reply that will not come on this connection (caller holds
    /// <c>_sync</c>); returns how many there were. Their offsets were not recorded, so a recovery asks for them again.</summary>
    private int ClearReceiveBufferLocked()
    {
        var count = _receiveBuffer.Count;
        _receiveBuffer.Clear();
        _receiveBufferBytes = 0;
        return count;
    }

    /// <summary>What a packet took on the wire: its JSON text and its attachments. The pull buffer's byte bound counts this.</summary>
    private static long WireSize(SocketIoPacket packet)
    {
        long size = packet.PayloadUtf8 is { } utf8 ? utf8.Length : packet.Payload?.Length ?? 0;
        for (var i = 0; i < packet.Attachments.Count; i++)
        {
            size += packet.Attachments[i].Length;
        }

        return size;
    }

    private void DeliverBufferedEvents()
    {
        while (true)
        {
            (SocketIoEvent Event, long Size, string? Offset) next;
            lock (_sync)
            {
                if (!_receiveBuffer.TryDequeue(out next))
                {
                    return;
                }

                _receiveBufferBytes -= next.Size;
                if (next.Offset is not null)
                {
                    _lastOffset = next.Offset;
                }
            }

            Deliver(next.Event, next.Size);
        }
    }

    // The pull-buffer rule: a waiting WaitAsync/DrainAsync always gets the event; it is kept for a later pull only when
    // no handler (On, Once, OnAny) and no ReadEventsAsync stream took it. An application that consumes events with
    // handlers or streams thus holds no second copy of each in the pull buffer.
    private void Deliver(SocketIoEvent received, long size)
    {
        Log.EventReceived(Manager.Logger, Namespace, received.Name, received.Count);

        // Indexed: a foreach over the interface would allocate an enumerator per event.
        var handlers = _handlers.Resolve(received.Name);
        var streamed = false;
        lock (_streams)
        {
            foreach (var stream in _streams)
            {
                if (!stream.Write(received, size))
                {
                    Log.StreamOverflow(Manager.Logger, Namespace);
                }

                streamed = true;
            }
        }

        if (!_inbox.Add(received, size, keep: handlers.Count == 0 && !streamed))
        {
            Log.InboxOverflow(Manager.Logger, Namespace);
        }

        // The event's size is counted once, with its last handler: it is held until that one has run.
        for (var i = 0; i < handlers.Count; i++)
        {
            Manager.Dispatcher.Post(handlers[i], received, i == handlers.Count - 1 ? size : 0);
        }
    }

    private void HandleAck(SocketIoPacket packet)
    {
        if (packet.Id is not { } id)
        {
            throw new SocketIoProtocolException("An ACK packet has no id.");
        }

        var arguments = packet.PayloadUtf8 is { } utf8
            ? SocketIoJson.DecodeArguments(utf8, packet.Attachments)
            : SocketIoJson.DecodeArguments(packet.Payload, packet.Attachments);
        var ack = new SocketIoAck(arguments, Manager.Json);
        if (Manager.Metrics.MessagesReceived.Enabled)
        {
            CountMessage(Manager.Metrics.MessagesReceived, Diagnostics.SocketIoTags.AckPacket, eventName: null);
        }

        if (!_acks.TryComplete(id, ack))
        {
            Log.UnknownAck(Manager.Logger, Namespace, id);
        }
    }
}
