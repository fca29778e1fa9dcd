namespace Tusk.SocketIO.Protocol;

/// <summary>
/// One Socket.IO packet, independent of how a session frames it. <see cref="Payload"/> is JSON text in which binary
/// values are <c>{"_placeholder":true,"num":N}</c> objects referring to <see cref="Attachments"/>.
/// </summary>
internal sealed record SocketIoPacket
{
    public required SocketIoPacketType Type { get; init; }

    public string Namespace { get; init; } = "/";

    /// <summary>Query appended to the namespace of a v3/v4 CONNECT (<c>/admin?token=x,</c>); without <c>?</c>.</summary>
    public string? Query { get; init; }

    public long? Id { get; init; }

    public string? Payload { get; init; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; init; } = [];

    /// <summary>How many attachments the header announced (equals <see cref="Attachments"/>.Count once complete).</summary>
    public int AttachmentCount { get; init; }

    public bool IsEvent => Type is SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent;

    public bool IsAck => Type is SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck;
}
