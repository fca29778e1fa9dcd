using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>
/// With <c>TUSK_BENCH_TELEMETRY=1</c> in the environment, a .NET worker listens to every Tusk instrument and activity
/// the way an exporter would (each measurement handled, each activity sampled with all its data), so that the cost of
/// observability with a listener attached can be measured against the same run without one (docs/observability.md).
/// </summary>
internal sealed class TelemetryListeners : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private long _measurements;
    private long _activitiesStopped;

    private TelemetryListeners()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Tusk.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Tusk.", StringComparison.Ordinal),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _activitiesStopped),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>Listeners when the environment asks for them, otherwise null.</summary>
    public static TelemetryListeners? FromEnvironment() =>
        Environment.GetEnvironmentVariable("TUSK_BENCH_TELEMETRY") == "1" ? new TelemetryListeners() : null;

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
        Console.Error.WriteLine($"telemetry: {Interlocked.Read(ref _measurements)} measurements, {Interlocked.Read(ref _activitiesStopped)} activities");
    }
}
