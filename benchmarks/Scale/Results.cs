namespace Tusk.Benchmarks.Scale;

/// <summary>Everything one run measured (written as JSON beside the printed report).</summary>
internal sealed record RunResult(
    string StartedUtc,
    string Machine,
    string Commit,
    ScaleOptions Options,
    IReadOnlyList<StepResult> Steps,
    string? Abort);

/// <summary>One step: the connects that brought the total to <see cref="Target"/>, an idle window, then memory.</summary>
internal sealed record StepResult(
    int Target,
    string LoadBefore,
    string LoadAfter,
    ConnectFigures Connect,
    HeartbeatFigures Heartbeat,
    MemoryFigures Memory);

/// <summary>The step's connects (only the connections this step added).</summary>
/// <param name="Added">Connects attempted in this step.</param>
/// <param name="WallSeconds">From sending the batches to the last worker's answer.</param>
/// <param name="ConnectsPerSecond">Connects that succeeded / wall seconds.</param>
internal sealed record ConnectFigures(
    int Added,
    int Opened,
    int Failed,
    int NotAttempted,
    double WallSeconds,
    double ConnectsPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    IReadOnlyDictionary<string, int> Errors);

/// <summary>The idle window: client CPU while every connection only answers its pings.</summary>
/// <param name="ClientCpuSecondsPerSecondPer1000">Client CPU seconds per second of window, per 1,000 connections.</param>
/// <param name="HeartbeatsPerConnection">Pongs the servers received in the window / connections (1 per ping interval).</param>
/// <param name="ClientCpuMicrosecondsPerHeartbeat">Client CPU in the window / pongs the servers received in it (the
/// processes' idle cost included).</param>
internal sealed record HeartbeatFigures(
    double WindowSeconds,
    int Connections,
    double ClientCpuSeconds,
    double ClientCpuSecondsPerSecondPer1000,
    IReadOnlyList<double> ClientCpuSecondsPerWorker,
    long Heartbeats,
    double HeartbeatsPerConnection,
    double ClientCpuMicrosecondsPerHeartbeat,
    double ServerCpuSecondsPerSecond);

/// <summary>Memory after full compacting collections in every worker.</summary>
/// <param name="ManagedBytesPerConnection">Sum over workers of (managed now - managed before the first connect) / connections.</param>
/// <param name="ManagedBytesPerConnectionWithBaseline">Sum of managed now / connections (the runtime's own objects included).</param>
/// <param name="WorkingSetBytesPerConnection">Sum of (resident now - resident before the first connect) / connections.</param>
internal sealed record MemoryFigures(
    int Clients,
    int Connected,
    double ManagedBytesPerConnection,
    double ManagedBytesPerConnectionWithBaseline,
    double WorkingSetBytesPerConnection,
    IReadOnlyList<WorkerMemory> Workers,
    long Disconnects,
    long Reconnects,
    long ServerConnected,
    long ServerResidentBytes);

internal sealed record WorkerMemory(
    int Clients,
    int Connected,
    long ManagedBytes,
    long HeapBytes,
    long WorkingSetBytes,
    int Threads,
    double ManagedBytesPerConnection,
    double WorkingSetBytesPerConnection);
