using System.Globalization;
using System.Text;

namespace Tusk.Benchmarks.EndToEnd.Reporting;

/// <summary>Tusk's figures against the issue's targets, as ratios within the same run.</summary>
internal static class TargetReport
{
    private enum Goal { AtMost, AtLeast }

    private sealed record Target(string Label, Goal Goal, double Limit, string Unit, Func<ComparisonReport, string, string, double?> Value);

    private static readonly Target[] Targets =
    [
        new("Ack p50 vs JS", Goal.AtMost, 0.8, "×", (r, t, c) => Ratio(r, t, c, JS, x => x.AckLatency?.P50Us)),
        .. ThroughputTargets("Pipelined acks", x => x.PipelinedAcks),
        .. ThroughputTargets("Event round trips", x => x.EventRoundTrips),
        .. ThroughputTargets("Push rate", x => x.Push),
        .. CpuTargets("pipelined acks", x => x.PipelinedAcks),
        .. CpuTargets("event round trips", x => x.EventRoundTrips),
        .. CpuTargets("push", x => x.Push),
        new("Bytes allocated per small emit", Goal.AtMost, 256, " B", (r, t, c) => r.Find(c, t)?.Allocation?.BytesPerEmit),
        // Issue 21's targets, on the ~110-byte object message its figures use.
        new("Object ack p50 vs JS", Goal.AtMost, 0.8, "×", (r, t, c) => Ratio(r, t, c, JS, x => x.ObjectAckLatency?.P50Us)),
        new("Object ack p99 vs JS", Goal.AtMost, 1.0, "×", (r, t, c) => Ratio(r, t, c, JS, x => x.ObjectAckLatency?.P99Us)),
        .. ObjectTargets("object pipelined acks", x => x.ObjectPipelinedAcks),
        .. ObjectTargets("object event round trips", x => x.ObjectEventRoundTrips),
        .. ObjectTargets("object push", x => x.ObjectPush),
        new("Bytes allocated per object emit", Goal.AtMost, 256, " B", (r, t, c) => r.Find(c, t)?.Allocation?.BytesPerObjectEmit),
        new("Bytes allocated per received object event", Goal.AtMost, 512, " B", (r, t, c) => r.Find(c, t)?.Allocation?.BytesPerReceivedObjectEvent),
        new("Managed memory per idle client", Goal.AtMost, 32, " KiB", (r, t, c) => r.Find(c, t)?.Idle?.ManagedBytesPerClient / 1024),
    ];

    private const string JS = ClientNames.JavaScript;

    private static IEnumerable<Target> ThroughputTargets(string label, Func<WorkerResult, PhaseResult?> phase) =>
    [
        new($"{label} vs JS", Goal.AtLeast, 1.0, "×", (r, t, c) => Ratio(r, t, c, JS, x => phase(x)?.PerSecond)),
        new($"{label}, share of server ceiling", Goal.AtLeast, 0.95, "", (r, t, c) => r.Find(c, t) is { } x ? phase(x)?.FractionOfCeiling : null),
    ];

    /// <summary>Issue 21: rate at or above the JS client's, client CPU per message at most 0.8× its (0.5× the stretch goal).</summary>
    private static IEnumerable<Target> ObjectTargets(string label, Func<WorkerResult, PhaseResult?> phase) =>
    [
        new($"Rate vs JS, {label}", Goal.AtLeast, 1.0, "×", (r, t, c) => Ratio(r, t, c, JS, x => phase(x)?.PerSecond)),
        new($"Client CPU/msg vs JS, {label}", Goal.AtMost, 0.8, "×", (r, t, c) => Ratio(r, t, c, JS, x => phase(x)?.ClientCpuUsPerMessage)),
    ];

    private static IEnumerable<Target> CpuTargets(string label, Func<WorkerResult, PhaseResult?> phase) =>
    [
        new($"Client CPU/msg vs JS, {label}", Goal.AtMost, 0.5, "×", (r, t, c) => Ratio(r, t, c, JS, x => phase(x)?.ClientCpuUsPerMessage)),
        new($"Client CPU/msg vs SocketIOClient, {label}", Goal.AtMost, 0.2, "×", (r, t, c) => Ratio(r, t, c, ClientNames.SocketIoClient, x => phase(x)?.ClientCpuUsPerMessage)),
    ];

    private static double? Ratio(ComparisonReport report, string transport, string subject, string other, Func<WorkerResult, double?> measure) =>
        report.Find(subject, transport) is { } result && measure(result) is { } mine
        && report.Find(other, transport) is { } them && measure(them) is { } theirs && theirs > 0
            ? mine / theirs
            : null;

    public static string Render(ComparisonReport report, IReadOnlyList<string> transports)
    {
        var text = new StringBuilder();
        // The floor client's column is a reference: the same ratio for the least a .NET client can spend.
        var columns = transports.Select(t => (Subject: ClientNames.Tusk, Transport: t, Heading: t)).ToList();
        if (report.Find(ClientNames.TuskInline, "websocket") is not null)
        {
            columns.Add((ClientNames.TuskInline, "websocket", "websocket, SocketCompletions = Inline"));
        }

        if (report.Find(ClientNames.TuskThreadPool, "websocket") is not null)
        {
            columns.Add((ClientNames.TuskThreadPool, "websocket", "websocket, SocketCompletions = ThreadPool"));
        }

        if (report.Find(ClientNames.Floor, "websocket") is not null)
        {
            columns.Add((ClientNames.Floor, "websocket", "floor websocket (reference)"));
        }

        text.AppendLine("Targets (Tusk, ratios within this run; ✔ met, ✘ missed, – not measurable):");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| Target | Goal | {string.Join(" | ", columns.Select(c => c.Heading))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(columns.Select(_ => "---:|"))}");
        foreach (var target in Targets)
        {
            var goal = (target.Goal == Goal.AtMost ? "≤ " : "≥ ") + target.Limit.ToString("0.##", CultureInfo.InvariantCulture) + target.Unit;
            text.Append(CultureInfo.InvariantCulture, $"| {target.Label} | {goal} |");
            foreach (var (subject, transport, _) in columns)
            {
                text.Append(' ').Append(Format(target, target.Value(report, transport, subject))).Append(" |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Format(Target target, double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "–";
        }

        var met = target.Goal == Goal.AtMost ? v <= target.Limit : v >= target.Limit;
        var figure = target.Unit == "" ? v.ToString("0.00", CultureInfo.InvariantCulture) : v.ToString(target.Unit == "×" ? "0.00" : "0", CultureInfo.InvariantCulture) + target.Unit;
        return $"{figure} {(met ? "✔" : "✘")}";
    }
}
