namespace Tusk.Benchmarks.EndToEnd.Reporting;

/// <summary>Everything one comparison run produced: the machine-readable JSON file is this, serialized.</summary>
internal sealed class ComparisonReport
{
    public required MachineInfo Machine { get; init; }
    public bool Quick { get; init; }
    public required IReadOnlyDictionary<string, WorkloadSpec> Specs { get; init; }
    /// <summary>Per client and transport, each measure's best round (see <see cref="BestOfRounds"/>).</summary>
    public required IReadOnlyList<WorkerResult> Results { get; init; }

    /// <summary>Every round's raw results.</summary>
    public IReadOnlyList<WorkerResult> Rounds { get; init; } = [];

    public int RoundCount { get; init; } = 1;
    public double TotalSeconds { get; init; }

    public WorkerResult? Find(string client, string transport) =>
        Results.FirstOrDefault(r => r.Client == client && r.Transport == transport);
}
