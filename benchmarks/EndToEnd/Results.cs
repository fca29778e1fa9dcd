namespace Tusk.Benchmarks.EndToEnd;

/// <summary>One client's results on one transport, as printed by a worker on its <c>E2E_RESULT</c> line
/// (client.js writes the same shape). A measure that failed carries only its <c>Error</c>.</summary>
internal sealed class WorkerResult
{
    public string Client { get; set; } = "";
    public string Transport { get; set; } = "";
    public string? Error { get; set; }
    public ConnectResult? Connect { get; set; }
    public LatencyResult? AckLatency { get; set; }
    public PhaseResult? PipelinedAcks { get; set; }
    public PhaseResult? EventRoundTrips { get; set; }
    public PhaseResult? Push { get; set; }
    public PhaseResult? BinaryEcho { get; set; }

    // The same phases with WorkloadSpec.Message (a ~110-byte JSON object) as the argument and the pushed event.
    public LatencyResult? ObjectAckLatency { get; set; }
    public PhaseResult? ObjectPipelinedAcks { get; set; }
    public PhaseResult? ObjectEventRoundTrips { get; set; }
    public PhaseResult? ObjectPush { get; set; }
    public AllocationResult? Allocation { get; set; }
    public IdleResult? Idle { get; set; }
}

internal sealed class ConnectResult
{
    public double? FirstMs { get; set; }
    public double? P50Ms { get; set; }

    /// <summary><c>--connect-only</c>: from the comparison starting the worker process to the worker printing that its
    /// first connect completed (process start, runtime or Node start-up, module loading, and the first connect).</summary>
    public double? ProcessToConnectedMs { get; set; }

    /// <summary><c>--connect-only</c>, .NET only: methods the JIT compiled during the first connect, and its time.</summary>
    public long? JitMethods { get; set; }

    public double? JitMs { get; set; }

    /// <summary><c>--connect-only</c>: the process's CPU time (user + system, every thread) during the first connect; less
    /// sensitive to the machine's load than the elapsed time.</summary>
    public double? FirstCpuMs { get; set; }

    /// <summary><c>--connect-only</c>, JS client only: <c>require('socket.io-client')</c>, which runs before its first
    /// connect starts (a .NET process loads Tusk's assemblies during its first connect instead).</summary>
    public double? LibraryLoadMs { get; set; }
    public string? Error { get; set; }
}

internal sealed class LatencyResult
{
    public int Count { get; set; }
    public double? P50Us { get; set; }
    public double? P99Us { get; set; }
    public string? Error { get; set; }
}

/// <summary>A throughput phase: messages per second and both sides' CPU time per message.
/// A message is one round trip (acks, events, binary echo) or one received event (push).</summary>
internal sealed class PhaseResult
{
    public int Count { get; set; }
    public double? Seconds { get; set; }
    public double? PerSecond { get; set; }
    public double? ClientCpuUsPerMessage { get; set; }
    public double? ServerCpuUsPerMessage { get; set; }
    public double? MegabytesPerSecond { get; set; }

    /// <summary>.NET clients only: thread-pool work items completed per message (each is a hand-off between threads).</summary>
    public double? WorkItemsPerMessage { get; set; }

    public string? Error { get; set; }

    /// <summary>The most messages per second the server can process at its measured CPU cost per message.</summary>
    public double? ServerCeiling => ServerCpuUsPerMessage is > 0 and var us ? 1e6 / us : null;

    public double? FractionOfCeiling => PerSecond is { } rate && ServerCeiling is { } ceiling ? rate / ceiling : null;
}

internal sealed class AllocationResult
{
    public double? BytesPerEmit { get; set; }
    public double? BytesPerAck { get; set; }

    /// <summary>Per emit (and per ack round trip) of <see cref="WorkloadSpec.Message"/>, the ~110-byte object.</summary>
    public double? BytesPerObjectEmit { get; set; }
    public double? BytesPerObjectAck { get; set; }

    /// <summary>Per event the server pushed, from the frame to the handler's argument: "tick", and the object.</summary>
    public double? BytesPerReceivedEvent { get; set; }
    public double? BytesPerReceivedObjectEvent { get; set; }
    public string? Error { get; set; }
}

internal sealed class IdleResult
{
    public int Clients { get; set; }
    public double? ManagedBytesPerClient { get; set; }
    public double? RssBytesPerClient { get; set; }
    public string? Error { get; set; }
}
