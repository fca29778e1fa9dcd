namespace Tusk.Benchmarks.EndToEnd.Reporting;

/// <summary>
/// Keeps, per client and transport, each measure's best round: the highest rate for throughput phases (with that
/// round's CPU figures, so they stay consistent), the lowest latency, connect time and allocation. Outside load
/// on a shared machine only ever makes a round worse, so the best round is the closest to the code's own cost.
/// </summary>
internal static class BestOfRounds
{
    public static List<WorkerResult> Merge(IReadOnlyList<WorkerResult> rounds) =>
        [.. rounds.GroupBy(r => (r.Client, r.Transport)).Select(g => MergeOne([.. g]))];

    private static WorkerResult MergeOne(List<WorkerResult> runs) => new()
    {
        Client = runs[0].Client,
        Transport = runs[0].Transport,
        Error = runs.All(r => r.Error is not null) ? runs[0].Error : null,
        Connect = Best(runs, r => r.Connect, c => c.Error is null, c => -(c.P50Ms ?? double.MaxValue)),
        AckLatency = Best(runs, r => r.AckLatency, a => a.Error is null, a => -(a.P50Us ?? double.MaxValue)),
        PipelinedAcks = BestPhase(runs, r => r.PipelinedAcks),
        EventRoundTrips = BestPhase(runs, r => r.EventRoundTrips),
        Push = BestPhase(runs, r => r.Push),
        BinaryEcho = BestPhase(runs, r => r.BinaryEcho),
        ObjectAckLatency = Best(runs, r => r.ObjectAckLatency, a => a.Error is null, a => -(a.P50Us ?? double.MaxValue)),
        ObjectPipelinedAcks = BestPhase(runs, r => r.ObjectPipelinedAcks),
        ObjectEventRoundTrips = BestPhase(runs, r => r.ObjectEventRoundTrips),
        ObjectPush = BestPhase(runs, r => r.ObjectPush),
        Allocation = Best(runs, r => r.Allocation, a => a.Error is null, a => -(a.BytesPerEmit ?? double.MaxValue)),
        Idle = runs.Select(r => r.Idle).FirstOrDefault(i => i is not null),
    };

    private static PhaseResult? BestPhase(List<WorkerResult> runs, Func<WorkerResult, PhaseResult?> phase) =>
        Best(runs, phase, p => p.Error is null, p => p.PerSecond ?? 0);

    /// <summary>The successful measure with the highest score, else the first failed one (its error is shown).</summary>
    private static T? Best<T>(List<WorkerResult> runs, Func<WorkerResult, T?> measure, Func<T, bool> succeeded, Func<T, double> score)
        where T : class
    {
        var all = runs.Select(measure).OfType<T>().ToList();
        return all.Where(succeeded).OrderByDescending(score).FirstOrDefault() ?? all.FirstOrDefault();
    }
}
