namespace Tusk.EngineIO;

/// <summary>Data of the heartbeat events <see cref="EngineIoClient.PingReceived"/>, <see cref="EngineIoClient.PingSent"/> and <see cref="EngineIoClient.PongReceived"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoHeartbeatEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="latency">For a received pong (revision 3), the time since the ping was sent; otherwise null.</param>
    public EngineIoHeartbeatEventArgs(TimeSpan? latency = null)
    {
        Latency = latency;
    }

    /// <summary>For a received pong (revision 3), the round-trip time since the ping was sent; otherwise null.</summary>
    public TimeSpan? Latency { get; }
}
