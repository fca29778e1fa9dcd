using System.Globalization;
using System.Text;

namespace Tusk.Benchmarks.EndToEnd.Reporting;

/// <summary>The one table (every measure × client × transport), the errors it refers to, and the targets check.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private sealed record Row(string Label, Func<WorkerResult, Cell> Value);

    /// <summary>A table cell: a figure, or the error that stopped the measure (listed under the table).</summary>
    private readonly record struct Cell(string? Text, string? Error)
    {
        public static readonly Cell Empty = new("–", null);
        public static Cell Of(double? value, string format) => value is { } v && double.IsFinite(v) ? new(v.ToString(format, Invariant), null) : Empty;
    }

    private static readonly Row[] Rows =
    [
        new("Connect p50, ms (first connect)", r => Measure(r, r.Connect, c => c.Error,
            c => new Cell($"{c.P50Ms?.ToString("0.0", Invariant)} ({c.FirstMs?.ToString("0", Invariant)})", null))),
        new("Ack round trip p50, µs (sequential)", r => Measure(r, r.AckLatency, a => a.Error, a => Cell.Of(a.P50Us, "0"))),
        new("Ack round trip p99, µs (sequential)", r => Measure(r, r.AckLatency, a => a.Error, a => Cell.Of(a.P99Us, "0"))),
        .. PhaseRows("Pipelined acks/s (100 in flight)", r => r.PipelinedAcks),
        .. PhaseRows("Event round trips/s (100 in flight)", r => r.EventRoundTrips),
        .. PhaseRows("Server push, events received/s", r => r.Push),
        new("Binary echo MB/s (64 KiB, sequential)", r => Measure(r, r.BinaryEcho, p => p.Error, p => Cell.Of(p.MegabytesPerSecond, "0.0"))),
        new("· client / server CPU µs per echo", r => Measure(r, r.BinaryEcho, p => p.Error,
            p => new Cell($"{p.ClientCpuUsPerMessage?.ToString("0", Invariant)} / {p.ServerCpuUsPerMessage?.ToString("0", Invariant)}", null))),
        new("**110-byte object** ack round trip p50, µs", r => Measure(r, r.ObjectAckLatency, a => a.Error, a => Cell.Of(a.P50Us, "0"))),
        new("· ack round trip p99, µs", r => Measure(r, r.ObjectAckLatency, a => a.Error, a => Cell.Of(a.P99Us, "0"))),
        .. PhaseRows("Object pipelined acks/s (100 in flight)", r => r.ObjectPipelinedAcks),
        .. PhaseRows("Object event round trips/s (100 in flight)", r => r.ObjectEventRoundTrips),
        .. PhaseRows("Object server push, events received/s", r => r.ObjectPush),
        new("Bytes allocated per small emit", r => Measure(r, r.Allocation, a => a.Error, a => Cell.Of(a.BytesPerEmit, "0"))),
        new("Bytes allocated per ack round trip", r => Measure(r, r.Allocation, a => a.Error, a => Cell.Of(a.BytesPerAck, "0"))),
        new("Bytes allocated per received small event", r => Measure(r, r.Allocation, a => a.Error, a => Cell.Of(a.BytesPerReceivedEvent, "0"))),
        new("Bytes allocated per object emit", r => Measure(r, r.Allocation, a => a.Error, a => Cell.Of(a.BytesPerObjectEmit, "0"))),
        new("Bytes allocated per object ack round trip", r => Measure(r, r.Allocation, a => a.Error, a => Cell.Of(a.BytesPerObjectAck, "0"))),
        new("Bytes allocated per received object event", r => Measure(r, r.Allocation, a => a.Error, a => Cell.Of(a.BytesPerReceivedObjectEvent, "0"))),
        new("Idle client, managed KiB (1,000 in one process)", r => Measure(r, r.Idle, i => i.Error, i => Cell.Of(i.ManagedBytesPerClient / 1024, "0.0"))),
        new("Idle client, RSS KiB (1,000 in one process)", r => Measure(r, r.Idle, i => i.Error, i => Cell.Of(i.RssBytesPerClient / 1024, "0.0"))),
    ];

    private static IEnumerable<Row> PhaseRows(string label, Func<WorkerResult, PhaseResult?> phase) =>
    [
        new(label, r => Measure(r, phase(r), p => p.Error, p => Cell.Of(p.PerSecond, "N0"))),
        new("· share of the server ceiling", r => Measure(r, phase(r), p => p.Error, p => Cell.Of(p.FractionOfCeiling * 100, "0'%'"))),
        new("· client CPU µs per message", r => Measure(r, phase(r), p => p.Error, p => Cell.Of(p.ClientCpuUsPerMessage, "0.0"))),
        new("· server CPU µs per message", r => Measure(r, phase(r), p => p.Error, p => Cell.Of(p.ServerCpuUsPerMessage, "0.0"))),
        new("· client thread-pool work items per message", r => Measure(r, phase(r), p => p.Error, p => Cell.Of(p.WorkItemsPerMessage, "0.0"))),
    ];

    private static Cell Measure<T>(WorkerResult result, T? measure, Func<T, string?> error, Func<T, Cell> value) where T : class =>
        result.Error is { } failed ? new Cell(null, failed)
        : measure is null ? Cell.Empty
        : error(measure) is { } message ? new Cell(null, message)
        : value(measure);

    public static string Render(ComparisonReport report, IReadOnlyList<string> clients, IReadOnlyList<string> transports)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {report.Machine.Describe()}{(report.Quick ? " — QUICK RUN (small counts, not comparable)" : "")}.");
        if (report.RoundCount > 1)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Tusk (and Tusk inline / thread pool: SocketCompletions), socket.io-client and the floor client ran {report.RoundCount} alternating rounds; each measure shows its best round (SocketIOClient: one round).");
        }
        text.AppendLine();
        var columns = transports.SelectMany(t => clients.Where(c => ClientNames.Runs(c, t)).Select(c => (Client: c, Transport: t))).ToList();
        text.Append("| Measure |");
        foreach (var (client, transport) in columns)
        {
            text.Append(CultureInfo.InvariantCulture, $" {ShortName(client)} {transport} |");
        }

        text.AppendLine();
        text.Append("|---|");
        text.AppendLine(string.Concat(columns.Select(_ => "---:|")));
        var notes = new List<string>();
        foreach (var row in Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Label} |");
            foreach (var (client, transport) in columns)
            {
                var cell = report.Find(client, transport) is { } result ? row.Value(result) : Cell.Empty;
                if (cell.Error is { } error)
                {
                    var note = $"{ShortName(client)} {transport}: {error}";
                    var index = notes.IndexOf(note);
                    if (index < 0)
                    {
                        notes.Add(note);
                        index = notes.Count - 1;
                    }

                    text.Append(CultureInfo.InvariantCulture, $" ✘ [{index + 1}] |");
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $" {cell.Text} |");
                }
            }

            text.AppendLine();
        }

        text.AppendLine();
        for (var i = 0; i < notes.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"[{i + 1}] {Escape(notes[i])}  ");
        }

        text.AppendLine();
        text.Append(TargetReport.Render(report, transports));
        return text.ToString();
    }

    private static string ShortName(string client) => client switch
    {
        ClientNames.Tusk => "Tusk",
        ClientNames.TuskInline => "Tusk inline",
        ClientNames.TuskThreadPool => "Tusk thread pool",
        ClientNames.JavaScript => "JS",
        ClientNames.SocketIoClient => "SIOC",
        ClientNames.Floor => "Floor",
        _ => client,
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
