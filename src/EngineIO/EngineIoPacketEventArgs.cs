namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIoClient.PacketReceived"/> and <see cref="EngineIoClient.PacketSent"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoPacketEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="packet">The packet.</param>
    public EngineIoPacketEventArgs(EngineIoPacket packet)
    {
        Packet = packet;
    }

    /// <summary>The packet.</summary>
    public EngineIoPacket Packet { get; }
}
