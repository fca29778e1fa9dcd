using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tusk.Testing;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters only the code under test gets, and a <see cref="MeterListener"/> that
/// records every measurement on them, so that tests running in parallel never see each other's measurements (the
/// process-wide meters are shared by every client without a factory).
/// </summary>
public sealed class MeterRecorder : IMeterFactory
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentBag<Meter> _meters = [];

    /// <param name="instruments">The names of the instruments to listen to, as a selective exporter would; all of
    /// them when <see langword="null"/>.</param>
    public MeterRecorder(IReadOnlyCollection<string>? instruments = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this) && (instruments is null || instruments.Contains(instrument.Name)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <inheritdoc/>
    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
        _meters.Add(meter);
        return meter;
    }

    /// <summary>The measurements of one instrument, in the order they were made.</summary>
    public IReadOnlyList<(double Value, string? Unit, IReadOnlyDictionary<string, object?> Tags)> Of(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Unit, (IReadOnlyDictionary<string, object?>)m.Tags)).ToList();

    /// <summary>The sum of an instrument's measurements whose tag <paramref name="tag"/> is <paramref name="value"/> (all without a tag).</summary>
    public double Sum(string instrument, string? tag = null, object? value = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, instrument.Unit, value, copy));
    }
}
