namespace Tusk.Benchmarks.EndToEnd.Reporting;

/// <summary>Everything one comparison run produced: the machine-readable JSON file is this, serialized.</summary>
internal sealed class ComparisonReport
{
    public required MachineInfo Machine { get; init; }
    public bool Quick { get; init; }
    public required IReadOnlyDictionary<string, WorkloadSpec> Specs { get; init; }
    public required IReadOnlyList<WorkerResult> Results { get; init; }
    public double TotalSeconds { get; init; }

    public WorkerResult? Find(string client, string transport) =>
        Results.FirstOrDefault(r => r.Client == client && r.Transport == transport);
}
