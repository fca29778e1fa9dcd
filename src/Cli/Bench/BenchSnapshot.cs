namespace Tusk.Cli.Bench;

/// <summary>The live display's view of a running bench, taken every tick.</summary>
internal sealed record BenchSnapshot(
    string Phase,
    TimeSpan Elapsed,
    TimeSpan? PhaseRemaining,
    long Connected,
    int Launched,
    int Clients,
    double MessagesPerSecond,
    long Completed,
    long Errors,
    double? P50Milliseconds,
    double? P99Milliseconds);
