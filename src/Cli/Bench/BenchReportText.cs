using System.Globalization;
using System.Text;

namespace Tusk.Cli.Bench;

/// <summary>The bench report as aligned plain text: it reads the same in a terminal, a log file and a README.</summary>
internal static class BenchReportText
{
    public static string Render(BenchReport report)
    {
        var text = new StringBuilder();
        var scenario = report.Scenario.ToString().ToLowerInvariant();
        var load = report.Scenario == BenchScenario.Idle
            ? "idle"
            : F($"{report.RatePerClient:0.###} msg/s each, {report.PayloadBytes:N0}-byte payload, event '{report.Event}'");
        text.AppendLine(F($"tusk bench: {scenario} scenario, {report.Clients:N0} clients, {load}, {report.Transport}"));
        Line(text, "target", string.Join(", ", report.Targets));
        Line(text, "measured", F($"{report.MeasuredSeconds:0.0} s after a {report.RampSeconds:0.#} s ramp{(report.Interrupted ? " (interrupted)" : string.Empty)}"));
        var c = report.Connections;
        Line(text, "connections", F($"{c.Attempted:N0} attempted, {c.PeakConnected:N0} connected at peak, {c.ConnectedAtEnd:N0} at the end, {c.Failed:N0} failed"));
        Line(text, "connect time", Distribution(c.ConnectTime));
        if (report.Scenario != BenchScenario.Idle)
        {
            var m = report.Messages;
            var completedWord = report.Scenario switch
            {
                BenchScenario.Ack => "acked",
                BenchScenario.Echo => "echoed",
                _ => "sent",
            };
            var extra = (m.Skipped > 0 ? F($", {m.Skipped:N0} skipped (too many unanswered)") : string.Empty) +
                (m.Behind > 0 ? F($", {m.Behind:N0} behind schedule (the generator could not keep up)") : string.Empty);
            Line(text, "messages", F($"{m.Sent:N0} sent, {m.Completed:N0} {completedWord}: {m.PerSecond:N1}/s{extra}"));
            if (report.Latency is not null || report.Scenario != BenchScenario.Emit)
            {
                Line(text, "latency", Distribution(report.Latency));
            }
        }

        Line(text, "errors", report.Errors.Count == 0 ? "none" : string.Join(", ", report.Errors.Select(e => F($"{e.Key} {e.Value:N0}"))));
        Line(text, "reconnects", F($"{report.Reconnects:N0} ({report.ReconnectAttempts:N0} attempts), {report.Disconnects:N0} unexpected disconnects"));
        var cpu = report.Cpu;
        Line(text, "client CPU", report.Scenario == BenchScenario.Idle
            ? F($"{cpu.Seconds:0.00} s = {cpu.Cores:0.00} cores")
            : F($"{cpu.Seconds:0.00} s = {cpu.Cores:0.00} cores: {cpu.MessagesPerCpuSecond:N0} messages per CPU second"));
        var machine = report.Machine;
        Line(text, "machine", F($"{machine.ProcessorCount} cores{(machine.LoadAverage is { } l ? ", load average " + l : string.Empty)}, {machine.Runtime}"));
        return text.ToString();
    }

    private static string Distribution(BenchReport.Percentiles? p) => p is null
        ? "no samples"
        : F($"p50 {p.P50:0.###} ms, p90 {p.P90:0.###} ms, p99 {p.P99:0.###} ms, p99.9 {p.P999:0.###} ms, max {p.Max:0.###} ms ({p.Count:N0} samples)");

    private static void Line(StringBuilder text, string label, string value) => text.Append("  ").Append(label.PadRight(13)).AppendLine(value);

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
