using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Tusk.Cli.Bench;

/// <summary>
/// What the clients of a bench record, from many threads at once: counters, errors by kind, and two HdrHistogram
/// recorders (connect times, message latencies) in microseconds, read interval by interval for the live display.
/// </summary>
internal sealed class BenchMetrics
{
    /// <summary>Latencies up to an hour are tracked, at 3 significant digits.</summary>
    private const long HighestMicroseconds = 3_600_000_000;

    private readonly Recorder _latency = NewRecorder();
    private readonly Recorder _connect = NewRecorder();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _sent;
    private long _completed;
    private long _connected;
    private long _connectAttempts;
    private long _reconnects;
    private long _reconnectAttempts;
    private long _disconnects;
    private long _skipped;
    private HistogramBase? _latencyInterval;
    private HistogramBase? _connectInterval;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long Connected => Interlocked.Read(ref _connected);

    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long ReconnectAttempts => Interlocked.Read(ref _reconnectAttempts);

    public long Disconnects => Interlocked.Read(ref _disconnects);

    public long Skipped => Interlocked.Read(ref _skipped);

    public long ErrorCount => _errors.Values.Sum();

    public IReadOnlyDictionary<string, long> Errors => new SortedDictionary<string, long>(_errors, StringComparer.Ordinal);

    public void CountConnectAttempt() => Interlocked.Increment(ref _connectAttempts);

    public void RecordConnect(long startTimestamp)
    {
        _connect.RecordValue(Microseconds(startTimestamp));
    }

    public void ConnectionUp() => Interlocked.Increment(ref _connected);

    public void ConnectionDown() => Interlocked.Decrement(ref _connected);

    public void CountSent() => Interlocked.Increment(ref _sent);

    /// <summary>Takes back a <see cref="CountSent"/> for a message that was skipped after all.</summary>
    public void CountUnsent() => Interlocked.Decrement(ref _sent);

    /// <summary>A message that was answered (or, for fire-and-forget emits, sent); with a latency when it has one.</summary>
    public void RecordCompleted(long startTimestamp)
    {
        Interlocked.Increment(ref _completed);
        if (startTimestamp != 0)
        {
            _latency.RecordValue(Microseconds(startTimestamp));
        }
    }

    public void CountSkipped() => Interlocked.Increment(ref _skipped);

    public void CountReconnect() => Interlocked.Increment(ref _reconnects);

    public void CountReconnectAttempt() => Interlocked.Increment(ref _reconnectAttempts);

    public void CountDisconnect() => Interlocked.Increment(ref _disconnects);

    public void CountError(string kind) => _errors.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    /// <summary>
    /// The latencies recorded since the previous call (the recorder starts a new interval). Valid until the next call:
    /// the histogram the previous call returned is handed back to the recorder for reuse, since a fresh one per tick
    /// (about 190 KB of counts, a large-object-heap array) made the runtime run full collections during a bench.
    /// </summary>
    public HistogramBase TakeLatencyInterval() => _latencyInterval = _latency.GetIntervalHistogram(_latencyInterval);

    /// <summary>The connect times recorded since the previous call; valid until the next call, as above.</summary>
    public HistogramBase TakeConnectInterval() => _connectInterval = _connect.GetIntervalHistogram(_connectInterval);

    public static HistogramBase NewHistogram() => new LongHistogram(1, HighestMicroseconds, 3);

    private static Recorder NewRecorder() =>
        new(1, HighestMicroseconds, 3, static (id, low, high, digits) => new LongHistogram(id, low, high, digits));

    private static long Microseconds(long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).Ticks / 10;
        return Math.Clamp(elapsed, 1, HighestMicroseconds);
    }
}
