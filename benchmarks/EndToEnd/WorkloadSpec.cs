using System.Text.Json;

namespace Tusk.Benchmarks.EndToEnd;

/// <summary>What every client runs: counts per phase, in-flight depth, payload size and the time limits.
/// Serialized to the workers (the .NET ones and client.js) so all three run exactly the same workload.</summary>
internal sealed record WorkloadSpec
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public int ConnectCount { get; init; } = 20;
    public int AckWarmup { get; init; } = 1_000;
    public int AckCount { get; init; } = 5_000;
    public int PipelineWarmup { get; init; } = 5_000;
    public int PipelineCount { get; init; } = 50_000;
    public int InFlight { get; init; } = 100;
    public int PushWarmup { get; init; } = 5_000;
    public int PushCount { get; init; } = 50_000;
    public int BinaryWarmup { get; init; } = 50;
    public int BinaryCount { get; init; } = 500;
    public int BinarySize { get; init; } = 64 * 1024;
    public int AllocWarmup { get; init; } = 2_000;
    public int AllocCount { get; init; } = 10_000;
    public int IdleClients { get; init; } = 1_000;
    public int IdleConcurrency { get; init; } = 20;
    public double PhaseTimeoutSeconds { get; init; } = 15;

    /// <summary>The message of the object phases (issue 21's workload): a ~110-byte JSON object sent as the ack and
    /// event argument and pushed by the server, beside the small-payload phases (a number, or "tick").</summary>
    public WorkloadMessage Message { get; init; } = WorkloadMessage.Sample;

    /// <summary>Warm-up rounds repeat until this much time has passed, so both runtimes reach their steady state
    /// (.NET promotes hot methods to optimized code only after ~100 ms without new tier-0 compilations).</summary>
    public double WarmupSeconds { get; init; } = 1.5;

    public TimeSpan PhaseTimeout => TimeSpan.FromSeconds(PhaseTimeoutSeconds);

    /// <summary>The full workload for a transport: long polling needs an HTTP request per batch, so its latency
    /// phases are shorter to keep the whole comparison within a few minutes on two cores.</summary>
    public static WorkloadSpec For(string transport, bool quick)
    {
        var spec = transport == "polling"
            ? new WorkloadSpec { ConnectCount = 10, AckWarmup = 200, AckCount = 1_000, PipelineWarmup = 2_000, PipelineCount = 20_000, BinaryWarmup = 10, BinaryCount = 100 }
            : new WorkloadSpec();
        return quick
            ? spec with
            {
                ConnectCount = 3, AckWarmup = 50, AckCount = 200, PipelineWarmup = 200, PipelineCount = 2_000,
                PushWarmup = 200, PushCount = 2_000, BinaryWarmup = 2, BinaryCount = 20, AllocWarmup = 200, AllocCount = 1_000,
                IdleClients = 50, PhaseTimeoutSeconds = 10, WarmupSeconds = 0,
            }
            : spec;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WorkloadSpec FromJson(string json) =>
        JsonSerializer.Deserialize<WorkloadSpec>(json, Json) ?? throw new ArgumentException("Empty workload spec.", nameof(json));
}

/// <summary>The object phases' argument: what an application typically sends (a few strings, a number, a timestamp,
/// a flag). The .NET clients serialize this POCO (names fixed, so every serializer writes the same ~110 bytes);
/// client.js sends the same object as a plain JavaScript object.</summary>
internal sealed record WorkloadMessage
{
    public static readonly WorkloadMessage Sample = new()
    {
        Id = 1_234_567, User = "ada.lovelace", Room = "general", Text = "Hello from a bench", Ts = 1_733_480_000_000, Ok = true,
    };

    [System.Text.Json.Serialization.JsonPropertyName("id")] public int Id { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("user")] public string User { get; init; } = "";
    [System.Text.Json.Serialization.JsonPropertyName("room")] public string Room { get; init; } = "";
    [System.Text.Json.Serialization.JsonPropertyName("text")] public string Text { get; init; } = "";
    [System.Text.Json.Serialization.JsonPropertyName("ts")] public long Ts { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("ok")] public bool Ok { get; init; }
}
