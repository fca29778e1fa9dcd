using System.Runtime;

namespace Tusk.Benchmarks.Memory;

/// <summary>
/// Measures one scenario's managed memory: the baseline after a full, compacting collection; the peak of the managed
/// heap while the scenario runs (sampled every millisecond from <see cref="GC.GetTotalMemory(bool)"/>, so it counts
/// garbage not collected yet: an upper bound of what was live); the bytes allocated; and what stays live after the
/// scenario (a full, compacting collection while the client is still open and idle).
/// </summary>
internal sealed class MemoryProbe : IDisposable
{
    private readonly long _baseline;
    private readonly long _allocatedAtStart;
    private readonly Thread _sampler;
    private volatile bool _stop;
    private long _peak;

    public MemoryProbe()
    {
        _baseline = FullCollect();
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _peak = _baseline;
        _sampler = new Thread(Sample) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "memory sampler" };
        _sampler.Start();
    }

    /// <summary>Peak managed heap above the baseline, in bytes.</summary>
    public long PeakAboveBaseline => Interlocked.Read(ref _peak) - _baseline;

    /// <summary>Bytes allocated since the probe started.</summary>
    public long Allocated => GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart;

    /// <summary>
    /// Live managed bytes above the baseline once the client has settled: the lowest of five full, compacting
    /// collections 100 ms apart. A single collection right after the scenario's signal can still find the client's
    /// receive loop holding the message it is finishing with (the signal comes from inside the handler).
    /// </summary>
    public async Task<long> SettledRetainedAboveBaselineAsync()
    {
        var lowest = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            if (i > 0)
            {
                await Task.Delay(100);
            }

            lowest = Math.Min(lowest, FullCollect() - _baseline);
        }

        return lowest;
    }

    /// <summary>The process's peak resident set (Linux <c>VmHWM</c>), in bytes; 0 where unknown.</summary>
    public static long PeakResidentSet()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public void Dispose()
    {
        _stop = true;
        _sampler.Join();
    }

    private static long FullCollect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private void Sample()
    {
        while (!_stop)
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }

            Thread.Sleep(1);
        }
    }
}
