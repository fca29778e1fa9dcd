using System.Globalization;
using System.Text;

namespace Tusk.Benchmarks.EndToEnd.Reporting;

/// <summary>
/// <c>--connect-only</c>: one fresh worker process per client and repetition (the clients alternating, each against a
/// fresh server), and per client the medians over the processes of the three connect measures, then issue 21's
/// first-connect targets (first connect at most 2x the JS client's, warm connect p50 at most 1x), each as the ratio of
/// the medians. The JSON file is this, serialized (every process's figures in <see cref="Runs"/>).
/// </summary>
internal sealed class ConnectReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public required MachineInfo Machine { get; init; }
    public double LoadAverageAtEnd { get; init; }
    public int Processes { get; init; }
    public required IReadOnlyList<WorkerResult> Runs { get; init; }
    public double TotalSeconds { get; init; }

    /// <summary>The median over the processes, or null when none measured it.</summary>
    public double? Median(string client, string transport, Func<ConnectResult, double?> measure)
    {
        var values = Runs.Where(r => r.Client == client && r.Transport == transport && r.Connect is { Error: null })
            .Select(r => measure(r.Connect!)).OfType<double>().Order().ToArray();
        return values.Length == 0 ? null : values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    public string Render(IReadOnlyList<string> clients, IReadOnlyList<string> transports)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"First connect of a fresh process, {Processes} processes per client ({Machine.Describe()}; load average {LoadAverageAtEnd:0.00} at the end)");
        text.AppendLine();
        text.AppendLine("| Client | Transport | First connect, ms (median; all) | CPU during it, ms (median) | Process start → connected, ms (median) | Warm connect p50, ms (median) | JIT during the first connect (median) | Loading the library before it, ms (median) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        var shown = clients.Where(c => c != ClientNames.SocketIoClient && c != ClientNames.Floor).ToArray();
        foreach (var transport in transports)
        {
            foreach (var client in shown)
            {
                var runs = Runs.Where(r => r.Client == client && r.Transport == transport).ToArray();
                if (runs.Length == 0)
                {
                    continue;
                }

                var all = string.Join(" ", runs.Select(r => r.Connect is { Error: null, FirstMs: { } f } ? f.ToString("0", Invariant) : "✘"));
                var jit = Median(client, transport, c => c.JitMethods) is { } methods
                    ? $"{methods:0} methods, {Median(client, transport, c => c.JitMs):0} ms"
                    : "–";
                text.AppendLine(Invariant, $"| {ClientNames.Display(client)} | {transport} | {Format(Median(client, transport, c => c.FirstMs))} ({all}) | {Format(Median(client, transport, c => c.FirstCpuMs))} | {Format(Median(client, transport, c => c.ProcessToConnectedMs))} | {Format(Median(client, transport, c => c.P50Ms), "0.00")} | {jit} | {Format(Median(client, transport, c => c.LibraryLoadMs))} |");
            }
        }

        foreach (var error in Runs.Where(r => r.Error is not null || r.Connect?.Error is not null))
        {
            text.AppendLine(Invariant, $"- ✘ {ClientNames.Display(error.Client)} over {error.Transport}: {error.Error ?? error.Connect!.Error}");
        }

        text.AppendLine();
        text.AppendLine("Issue 21's first-connect targets (ratio of the medians to the JS client's):");
        foreach (var transport in transports)
        {
            foreach (var client in shown.Where(c => c != ClientNames.JavaScript))
            {
                text.AppendLine(Invariant, $"- {ClientNames.Display(client)} over {transport}: first connect {Ratio(client, transport, c => c.FirstMs, 2.0)}; " +
                    $"process start → connected {Ratio(client, transport, c => c.ProcessToConnectedMs, null)}; warm connect p50 {Ratio(client, transport, c => c.P50Ms, 1.0)}; " +
                    $"first connect against the JS client's require + first connect {LoadedRatio(client, transport)}");
            }
        }

        return text.ToString();
    }

    private string Ratio(string client, string transport, Func<ConnectResult, double?> measure, double? target)
    {
        if (Median(client, transport, measure) is not { } mine || Median(ClientNames.JavaScript, transport, measure) is not { } js || js <= 0)
        {
            return "– (no figure)";
        }

        var ratio = mine / js;
        var verdict = target is { } limit ? (ratio <= limit ? $" ≤ {limit:0.0}x: met" : $" > {limit:0.0}x: NOT met") : "";
        return string.Create(Invariant, $"{ratio:0.00}x{verdict}");
    }

    /// <summary>Tusk's first connect (which loads its assemblies) over the JS client's library load plus first connect.</summary>
    private string LoadedRatio(string client, string transport) =>
        Median(client, transport, c => c.FirstMs) is { } mine && Median(ClientNames.JavaScript, transport, c => c.FirstMs + c.LibraryLoadMs) is { } js && js > 0
            ? string.Create(Invariant, $"{mine / js:0.00}x")
            : "– (no figure)";

    private static string Format(double? value, string format = "0.0") => value is { } v ? v.ToString(format, Invariant) : "–";
}
