using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;
using Tusk.Cli.Connection;

namespace Tusk.Cli.Bench;

/// <summary>
/// A bench's final report, written as text and (<c>--out</c>) as JSON. Times in milliseconds; throughput and CPU over
/// the measured phase (after the ramp), connect times over every connection made.
/// </summary>
internal sealed record BenchReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public required string Tool { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }

    public required BenchScenario Scenario { get; init; }

    public required string Event { get; init; }

    public required string Transport { get; init; }

    public required int Clients { get; init; }

    public required double RatePerClient { get; init; }

    public required int PayloadBytes { get; init; }

    public required double RampSeconds { get; init; }

    public required double DurationSeconds { get; init; }

    public required double MeasuredSeconds { get; init; }

    public required bool Interrupted { get; init; }

    public required ConnectionFigures Connections { get; init; }

    public required MessageFigures Messages { get; init; }

    public required Percentiles? Latency { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required long Reconnects { get; init; }

    public required long ReconnectAttempts { get; init; }

    public required long Disconnects { get; init; }

    public required CpuFigures Cpu { get; init; }

    public required MachineFigures Machine { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    internal static BenchReport Create(
        BenchSettings settings,
        DateTimeOffset startedAt,
        TimeSpan measured,
        bool interrupted,
        BenchRunner.Counters atStart,
        BenchRunner.Counters atEnd,
        HistogramBase connectTimes,
        HistogramBase latency,
        long peakConnected,
        long connectedAtEnd,
        IReadOnlyDictionary<string, long> errors,
        BenchMetrics metrics)
    {
        var seconds = measured.TotalSeconds;
        var completed = atEnd.Completed - atStart.Completed;
        var cpu = (atEnd.CpuTime - atStart.CpuTime).TotalSeconds;
        var transports = settings.ClientTemplate.Transports;
        return new BenchReport
        {
            Tool = "tusk " + (typeof(BenchReport).Assembly.GetName().Version?.ToString(3) ?? "?"),
            StartedAt = startedAt,
            Targets = settings.Targets.Select(Redaction.Url).ToList(),
            Scenario = settings.Scenario,
            Event = settings.EventName,
            Transport = transports.Count == 0 ? "polling, then websocket" : string.Join(", ", transports),
            Clients = settings.Clients,
            RatePerClient = settings.Scenario == BenchScenario.Idle ? 0 : settings.Rate,
            PayloadBytes = settings.Payload,
            RampSeconds = settings.Ramp.TotalSeconds,
            DurationSeconds = settings.Duration.TotalSeconds,
            MeasuredSeconds = Math.Round(seconds, 3),
            Interrupted = interrupted,
            Connections = new ConnectionFigures(
                metrics.ConnectAttempts,
                peakConnected,
                connectedAtEnd,
                errors.Where(e => e.Key.StartsWith("connect:", StringComparison.Ordinal)).Sum(e => e.Value),
                Percentiles.From(connectTimes)),
            Messages = new MessageFigures(
                atEnd.Sent - atStart.Sent,
                completed,
                seconds > 0 ? Math.Round(completed / seconds, 1) : 0,
                atEnd.Skipped - atStart.Skipped,
                atEnd.Behind - atStart.Behind),
            Latency = settings.Scenario is BenchScenario.Ack or BenchScenario.Echo ? Percentiles.From(latency) : null,
            Errors = errors,
            Reconnects = metrics.Reconnects,
            ReconnectAttempts = metrics.ReconnectAttempts,
            Disconnects = metrics.Disconnects,
            Cpu = new CpuFigures(
                Math.Round(cpu, 3),
                seconds > 0 ? Math.Round(cpu / seconds, 3) : 0,
                cpu > 0 ? Math.Round(completed / cpu, 1) : 0),
            Machine = MachineFigures.Read(),
        };
    }

    /// <summary>Connections: attempted, the most connected at once, connected at the end, failed, and how long a connect took.</summary>
    internal sealed record ConnectionFigures(long Attempted, long PeakConnected, long ConnectedAtEnd, long Failed, Percentiles? ConnectTime);

    /// <summary>
    /// Messages in the measured phase: sent, completed (acked or echoed; for emit: sent), completed per second, skipped
    /// (the client had too many waiting for an answer) and behind (the generator could not keep up with the rate).
    /// </summary>
    internal sealed record MessageFigures(long Sent, long Completed, double PerSecond, long Skipped, long Behind);

    /// <summary>The tool's own CPU time in the measured phase, how many cores that is, and completed messages per CPU second.</summary>
    internal sealed record CpuFigures(double Seconds, double Cores, double MessagesPerCpuSecond);

    /// <summary>Where it ran: cores, the load average before the report (Linux), runtime and OS.</summary>
    internal sealed record MachineFigures(int ProcessorCount, string? LoadAverage, string Runtime, string Os)
    {
        public static MachineFigures Read()
        {
            string? load = null;
            try
            {
                if (OperatingSystem.IsLinux() && File.Exists("/proc/loadavg"))
                {
                    load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
                }
            }
            catch (IOException)
            {
                // Informative only.
            }

            return new MachineFigures(Environment.ProcessorCount, load, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription);
        }
    }

    /// <summary>A latency distribution in milliseconds (HdrHistogram, 3 significant digits).</summary>
    internal sealed record Percentiles(long Count, double Min, double Mean, double P50, double P90, double P99, double P999, double Max)
    {
        public static Percentiles? From(HistogramBase histogram)
        {
            if (histogram.TotalCount == 0)
            {
                return null;
            }

            static double Ms(double microseconds) => Math.Round(microseconds / 1000.0, 3);
            var min = histogram.RecordedValues().FirstOrDefault()?.ValueIteratedTo ?? 0;
            return new Percentiles(
                histogram.TotalCount,
                Ms(histogram.LowestEquivalentValue(min)),
                Ms(histogram.GetMean()),
                Ms(histogram.GetValueAtPercentile(50)),
                Ms(histogram.GetValueAtPercentile(90)),
                Ms(histogram.GetValueAtPercentile(99)),
                Ms(histogram.GetValueAtPercentile(99.9)),
                Ms(histogram.GetMaxValue()));
        }
    }
}
