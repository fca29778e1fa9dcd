using System.Diagnostics;
using HdrHistogram;

namespace Tusk.Cli.Bench;

/// <summary>
/// Runs a bench: opens the clients over the ramp (a bounded number of connects at a time), paces the scenario's
/// messages at the rate from one timer, reports a snapshot every tick, measures the phase after the ramp, then
/// disconnects everything within a bound.
/// </summary>
internal sealed class BenchRunner
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly long PacerPeriodTicks = Stopwatch.Frequency / 100; // 10 ms
    private static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(30);

    private readonly BenchSettings _settings;
    private readonly BenchMetrics _metrics = new();
    private readonly VirtualClient?[] _clients;
    private int _launched;
    private long _behind;

    public BenchRunner(BenchSettings settings)
    {
        _settings = settings;
        _clients = new VirtualClient?[settings.Clients];
    }

    public async Task<BenchReport> RunAsync(Action<BenchSnapshot> progress, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        object?[] arguments = _settings.Scenario == BenchScenario.Idle ? [] : [new string('x', _settings.Payload)];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var launcher = Task.Run(() => LaunchAsync(arguments, start, stop.Token), CancellationToken.None);
        var pacer = _settings.Scenario == BenchScenario.Idle ? Task.CompletedTask : StartPacer(stop.Token);

        var rampLatency = BenchMetrics.NewHistogram();
        var latency = BenchMetrics.NewHistogram();
        var connectTimes = BenchMetrics.NewHistogram();
        var measuring = false;
        long measureStart = 0;
        var atStart = default(Counters);
        var peak = 0L;
        var lastCompleted = 0L;
        var lastTick = start;
        var interrupted = false;
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var interval = _metrics.TakeLatencyInterval();
                (measuring ? latency : rampLatency).Add(interval);
                connectTimes.Add(_metrics.TakeConnectInterval());
                var connected = _metrics.Connected;
                peak = Math.Max(peak, connected);
                var completed = _metrics.Completed;
                var seconds = Stopwatch.GetElapsedTime(lastTick, now).TotalSeconds;
                var elapsed = Stopwatch.GetElapsedTime(start, now);
                TimeSpan? remaining = measuring
                    ? _settings.Duration - Stopwatch.GetElapsedTime(measureStart, now)
                    : launcher.IsCompleted ? null : _settings.Ramp - elapsed;
                progress(new BenchSnapshot(
                    measuring ? "measuring" : "ramp",
                    elapsed,
                    remaining is { } r && r > TimeSpan.Zero ? r : null,
                    connected,
                    Volatile.Read(ref _launched),
                    _settings.Clients,
                    seconds > 0 ? (completed - lastCompleted) / seconds : 0,
                    completed,
                    _metrics.ErrorCount,
                    interval.TotalCount > 0 ? interval.GetValueAtPercentile(50) / 1000.0 : null,
                    interval.TotalCount > 0 ? interval.GetValueAtPercentile(99) / 1000.0 : null));
                lastCompleted = completed;
                lastTick = now;

                if (!measuring && launcher.IsCompleted && elapsed >= _settings.Ramp)
                {
                    measuring = true;
                    measureStart = now;
                    atStart = Counters.Take(_metrics, Volatile.Read(ref _behind));
                }
                else if (measuring && Stopwatch.GetElapsedTime(measureStart, now) >= _settings.Duration)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: report what was measured so far.
            interrupted = true;
        }

        var measureEnd = Stopwatch.GetTimestamp();
        var atEnd = Counters.Take(_metrics, Volatile.Read(ref _behind));
        latency.Add(_metrics.TakeLatencyInterval());
        await stop.CancelAsync().ConfigureAwait(false);
        await Quietly(pacer).ConfigureAwait(false);
        await Quietly(launcher).ConfigureAwait(false);
        connectTimes.Add(_metrics.TakeConnectInterval());
        var connectedAtEnd = _metrics.Connected;
        var errors = _metrics.Errors;
        await ShutdownAsync().ConfigureAwait(false);

        return BenchReport.Create(
            _settings,
            startedAt,
            measuring ? Stopwatch.GetElapsedTime(measureStart, measureEnd) : TimeSpan.Zero,
            interrupted,
            measuring ? atStart : atEnd,
            atEnd,
            connectTimes,
            measuring ? latency : rampLatency,
            peak,
            connectedAtEnd,
            errors,
            _metrics);
    }

    /// <summary>Starts the clients evenly over the ramp, at most <see cref="BenchSettings.MaxConcurrentConnects"/> connecting at once.</summary>
    private async Task LaunchAsync(object?[] arguments, long start, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(_settings.MaxConcurrentConnects);
        var connects = new List<Task>(_settings.Clients);
        try
        {
            for (var i = 0; i < _settings.Clients; i++)
            {
                // Client i starts at i/N of the ramp; waits are in small steps so a long ramp stays smooth.
                var due = _settings.Ramp * ((double)i / _settings.Clients);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                var client = new VirtualClient(_settings.Targets[i % _settings.Targets.Count], _settings, _metrics, arguments);
                _clients[i] = client;
                Volatile.Write(ref _launched, i + 1);
                connects.Add(ConnectAsync(client, slots, cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(connects).ConfigureAwait(false);
        }
    }

    private static async Task ConnectAsync(VirtualClient client, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// Runs <see cref="Pace"/> on a thread of its own. A timer would wake the runtime's timer thread and then a
    /// thread-pool worker every period; this thread wakes once, and the sends it makes go to the sockets from it.
    /// </summary>
    private Task StartPacer(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Pace(cancellationToken);
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "tusk pacer",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Sends the scenario's messages: every period, rate x connected clients x elapsed time more are due, spread round
    /// robin over the connected clients. When the process cannot keep up, at most one second's worth is carried over
    /// and the rest is counted as behind schedule (reported), so a slow generator never bursts.
    /// </summary>
    private void Pace(CancellationToken cancellationToken)
    {
        var last = Stopwatch.GetTimestamp();
        var next = last;
        var due = 0.0;
        var cursor = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Periods are counted from the start, so a late wake-up shortens the next wait instead of drifting.
            next += PacerPeriodTicks;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                cancellationToken.WaitHandle.WaitOne(wait);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
            else
            {
                next = Stopwatch.GetTimestamp();
            }

            var now = Stopwatch.GetTimestamp();
            var connected = _metrics.Connected;
            var perSecond = connected * _settings.Rate;
            due += perSecond * Stopwatch.GetElapsedTime(last, now).TotalSeconds;
            last = now;
            if (due > perSecond)
            {
                Interlocked.Add(ref _behind, (long)(due - perSecond));
                due = perSecond;
            }

            var launched = Volatile.Read(ref _launched);
            while (due >= 1 && launched > 0)
            {
                var sent = false;
                for (var scanned = 0; scanned < launched && !sent; scanned++)
                {
                    cursor = cursor + 1 >= launched ? 0 : cursor + 1;
                    if (_clients[cursor] is { IsConnected: true } client)
                    {
                        client.Send();
                        sent = true;
                    }
                }

                if (!sent)
                {
                    break;
                }

                due -= 1;
            }
        }
    }

    /// <summary>Disconnects and disposes every client, many at a time, within <see cref="ShutdownBound"/> in all.</summary>
    private async Task ShutdownAsync()
    {
        using var bound = new CancellationTokenSource(ShutdownBound);
        using var slots = new SemaphoreSlim(500);
        var tasks = _clients.OfType<VirtualClient>().Select(async client =>
        {
            try
            {
                await slots.WaitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await client.DisposeAsync().ConfigureAwait(false);
                return;
            }

            try
            {
                await client.DisconnectAsync(bound.Token).ConfigureAwait(false);
                await client.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
    }

    /// <summary>Counters at one moment, to measure a phase as the difference of two.</summary>
    internal readonly record struct Counters(long Sent, long Completed, long Skipped, long Behind, TimeSpan CpuTime)
    {
        public static Counters Take(BenchMetrics metrics, long behind) =>
            new(metrics.Sent, metrics.Completed, metrics.Skipped, behind, Environment.CpuUsage.TotalTime);
    }
}
