using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.MessagePack;

/// <summary>The keys and type codes of a socket.io-msgpack-parser 3.x packet map.</summary>
internal static class PacketFields
{
    public static ReadOnlySpan<byte> Type => "type"u8;

    public static ReadOnlySpan<byte> Namespace => "nsp"u8;

    public static ReadOnlySpan<byte> Data => "data"u8;

    public static ReadOnlySpan<byte> Id => "id"u8;

    /// <summary>The highest type the format has: CONNECT_ERROR (no BINARY_EVENT/BINARY_ACK, binary is native).</summary>
    public const int MaxType = (int)SocketIoPacketType.ConnectError;

    /// <summary>The wire code of a packet type: the binary variants are plain EVENT and ACK here.</summary>
    public static int Code(SocketIoPacketType type) => type switch
    {
        SocketIoPacketType.BinaryEvent => (int)SocketIoPacketType.Event,
        SocketIoPacketType.BinaryAck => (int)SocketIoPacketType.Ack,
        _ => (int)type,
    };
}
