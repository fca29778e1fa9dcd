namespace Tusk.SocketIO.Protocol;

/// <summary>Socket.IO packet types (the digit after the Engine.IO message prefix).</summary>
internal enum SocketIoPacketType
{
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,

    /// <summary>CONNECT_ERROR in v5, ERROR in v3/v4.</summary>
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
}
