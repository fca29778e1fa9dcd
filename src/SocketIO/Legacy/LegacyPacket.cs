namespace Tusk.SocketIO.Legacy;

/// <summary>
/// One socket.io 0.9 packet: <c>type:[id[+]]:[endpoint][:data]</c>. <see cref="Endpoint"/> is the wire endpoint
/// (empty for the default namespace); <see cref="Data"/> is the text after the third colon, verbatim.
/// </summary>
internal sealed record LegacyPacket(LegacyPacketType Type, string Endpoint = "", string? Data = null)
{
    /// <summary>The message id the sender wants acknowledged, if any.</summary>
    public long? Id { get; init; }

    /// <summary>
    /// <see langword="true"/> for <c>id+</c>: the receiver's code answers with data. Without it the ack is "simple"
    /// and the receiving side answers <c>6:::id</c> by itself.
    /// </summary>
    public bool AckWithData { get; init; }

    public static LegacyPacket Heartbeat { get; } = new(LegacyPacketType.Heartbeat);
}
