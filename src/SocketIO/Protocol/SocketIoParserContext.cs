namespace Tusk.SocketIO.Protocol;

/// <summary>What a parser is told about the session it encodes and decodes for.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class SocketIoParserContext
{
    /// <summary>The protocol revision the server speaks: <see cref="SocketIoProtocol.V3"/>, <see cref="SocketIoProtocol.V4"/>
    /// or <see cref="SocketIoProtocol.V5"/> (never <see cref="SocketIoProtocol.Auto"/>).</summary>
    public required SocketIoProtocol Protocol { get; init; }

    /// <summary>The largest number of binary attachments to accept in one received packet
    /// (<see cref="SocketIoClientOptions.MaxAttachments"/>).</summary>
    public int MaxAttachments { get; init; } = 10;

    /// <summary>The most bytes one received packet may take, its text and all its binary attachments together
    /// (<see cref="SocketIoClientOptions.MaxReceiveSize"/>): a decoder reconstructing a packet from several messages
    /// must stop with a <see cref="SocketIoProtocolException"/> beyond it.</summary>
    public long MaxPacketSize { get; init; } = long.MaxValue;
}
