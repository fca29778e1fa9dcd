using System.Text.Json;

namespace Tusk.Benchmarks.Scale;

/// <summary>
/// The lines the orchestrator and a worker exchange: a command on the worker's stdin, one answer line on its stdout
/// (<c>PREFIX {json}</c>). Anything else a worker prints is passed through as a log line.
/// </summary>
internal static class Protocol
{
    public const string Ready = "SCALE_WORKER_READY ";
    public const string Connected = "SCALE_WORKER_CONNECTED ";
    public const string Measured = "SCALE_WORKER_MEASURED ";
    public const string Failed = "SCALE_WORKER_FAILED ";
    public const string ServerReady = "SCALE_SERVER_READY ";
    public const string ServerStats = "SCALE_SERVER_STATS ";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>"connect {json}": open <see cref="Count"/> more connections, spread over <see cref="Targets"/>.</summary>
internal sealed record ConnectCommand(int Count, string[] Targets, int FirstTarget, int Concurrency, int DeadlineSeconds, bool WebSocketOnly);

/// <summary>The answer to a connect command.</summary>
/// <param name="Opened">Connections that connected in this batch.</param>
/// <param name="Failed">Connect attempts that failed (by kind in <paramref name="Errors"/>).</param>
/// <param name="NotAttempted">Connects not started because the batch's deadline passed.</param>
/// <param name="ElapsedMilliseconds">Wall time of the whole batch in this worker.</param>
/// <param name="DurationsMicroseconds">Each successful ConnectAsync's duration.</param>
internal sealed record ConnectResult(
    int Opened,
    int Failed,
    int NotAttempted,
    double ElapsedMilliseconds,
    Dictionary<string, int> Errors,
    int[] DurationsMicroseconds);

/// <summary>What a worker holds, after full compacting collections ("measure").</summary>
/// <param name="Clients">Clients the worker holds (connected or reconnecting).</param>
/// <param name="ConnectedClients">Of those, clients whose <c>IsConnected</c> is true now.</param>
/// <param name="ManagedBytes"><c>GC.GetTotalMemory</c> after the collections: live managed bytes.</param>
/// <param name="HeapBytes">The GC heap's size after the collections, fragmentation included.</param>
/// <param name="WorkingSetBytes">The process's resident set (VmRSS).</param>
/// <param name="Disconnects">Disconnected events seen since the worker started.</param>
/// <param name="Reconnects">Reconnected events seen since the worker started.</param>
internal sealed record MeasureResult(
    int Clients,
    int ConnectedClients,
    long ManagedBytes,
    long HeapBytes,
    long WorkingSetBytes,
    int Threads,
    long Disconnects,
    long Reconnects);

/// <summary>A server's counters ("stats" on its stdin).</summary>
internal sealed record ServerStats(long Connected, long Connections, long Heartbeats, long CpuMicroseconds, long RssBytes);
