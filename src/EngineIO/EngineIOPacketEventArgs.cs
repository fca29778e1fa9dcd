namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIOClient.PacketReceived"/> and <see cref="EngineIOClient.PacketSent"/>.</summary>
public sealed class EngineIOPacketEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="packet">The packet.</param>
    public EngineIOPacketEventArgs(EngineIOPacket packet)
    {
        Packet = packet;
    }

    /// <summary>The packet.</summary>
    public EngineIOPacket Packet { get; }
}
