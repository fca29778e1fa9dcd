using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tusk.Benchmarks;

/// <summary>
/// Listens to every Tusk instrument and activity as an exporter would: each measurement handled, each activity
/// sampled with all its data. Meter and source names are matched as strings, so the same source compiles against a
/// build from before the instruments existed (there it simply finds none).
/// </summary>
public sealed class TelemetryListeners : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private long _measurements;
    private long _activitiesStopped;

    public TelemetryListeners()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Tusk.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
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

    public long Measurements => Interlocked.Read(ref _measurements);

    public long ActivitiesStopped => Interlocked.Read(ref _activitiesStopped);

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}
