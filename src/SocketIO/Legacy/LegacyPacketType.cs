namespace Tusk.SocketIO.Legacy;

/// <summary>The packet types of the socket.io 0.9 protocol (the first field of <c>type:id[+]:endpoint:data</c>).</summary>
internal enum LegacyPacketType
{
    Disconnect = 0,
    Connect = 1,
    Heartbeat = 2,
    Message = 3,
    Json = 4,
    Event = 5,
    Ack = 6,
    Error = 7,
    Noop = 8,
}
