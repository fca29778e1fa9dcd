namespace Tusk.SocketIO.Protocol;

/// <summary>Socket.IO packet types (the digit that starts a packet of the text protocol).</summary>
public enum SocketIoPacketType
{
    /// <summary>Joins a namespace (client), or confirms it (server).</summary>
    Connect = 0,

    /// <summary>Leaves a namespace.</summary>
    Disconnect = 1,

    /// <summary>An event: the event name and its arguments.</summary>
    Event = 2,

    /// <summary>The answer to an event that asked for an acknowledgement.</summary>
    Ack = 3,

    /// <summary>CONNECT_ERROR in protocol v5 (a refused namespace), ERROR in v3/v4.</summary>
    ConnectError = 4,

    /// <summary>An event with binary attachments (text protocol framing only).</summary>
    BinaryEvent = 5,

    /// <summary>An acknowledgement with binary attachments (text protocol framing only).</summary>
    BinaryAck = 6,
}
