namespace Tusk.Cli.Bench;

/// <summary>What each bench client does once connected.</summary>
internal enum BenchScenario
{
    /// <summary>Fire-and-forget emits at the rate; counts what was sent.</summary>
    Emit,

    /// <summary>Emits that ask for an ack; latency is the ack's round trip.</summary>
    Ack,

    /// <summary>Emits the server answers with an event of the same name (in order); latency is the round trip.</summary>
    Echo,

    /// <summary>Connected and silent: connect times, heartbeats, disconnects and reconnects only.</summary>
    Idle,
}
