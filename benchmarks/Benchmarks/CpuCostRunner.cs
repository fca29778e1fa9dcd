using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tusk.Benchmarks;

/// <summary>
/// <c>--cpu-cost</c>: the benchmarks of <see cref="SocketIoClientCostBenchmarks"/> measured in process CPU time per
/// message (CLOCK_PROCESS_CPUTIME_ID, nanoseconds) instead of BenchmarkDotNet's wall clock. On a shared machine the wall
/// clock also counts the time other processes hold the cores; the CPU clock counts only this process's own work (the
/// client, the in-process peer, the runtime), which is what differs between two builds. Each benchmark warms up for
/// <c>--warmup</c> seconds, then runs <c>--rounds</c> rounds of <c>--round-ms</c> each and prints the median, the
/// quartiles and the allocation per message. Linux only (the clock is read through libc).
/// </summary>
public static partial class CpuCostRunner
{
    private const int ClockProcessCpuTimeId = 2;

    public static async Task RunAsync(string[] args)
    {
        var only = Option(args, "--cpu-cost", "all");
        var rounds = int.Parse(Option(args, "--rounds", "20"));
        var roundTime = TimeSpan.FromMilliseconds(int.Parse(Option(args, "--round-ms", "500")));
        var warmup = TimeSpan.FromSeconds(int.Parse(Option(args, "--warmup", "3")));
        string[] names = only == "all" ? ["Emit", "Ack", "Receive"] : [only];
        foreach (var listener in SocketIoClientCostBenchmarks.Listeners)
        {
            foreach (var name in names)
            {
                var benchmark = new SocketIoClientCostBenchmarks { Listener = listener };
                await benchmark.SetupAsync();
                Func<Task> invoke = name switch
                {
                    "Emit" => benchmark.Emit,
                    "Ack" => benchmark.Ack,
                    "Receive" => benchmark.Receive,
                    _ => throw new ArgumentException($"Unknown benchmark '{name}': Emit, Ack, Receive or all."),
                };
                await RoundAsync(invoke, warmup);
                var cpu = new List<double>();
                var wall = new List<double>();
                var allocated = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    var (messages, cpuNs, wallNs, bytes) = await RoundAsync(invoke, roundTime);
                    cpu.Add(cpuNs / messages);
                    wall.Add(wallNs / messages);
                    allocated.Add(bytes / messages);
                }

                await benchmark.CleanupAsync();
                cpu.Sort();
                wall.Sort();
                allocated.Sort();
                Console.WriteLine(
                    $"cpu-cost {name} {listener} cpu_ns_median={Median(cpu):F1} cpu_ns_q1={cpu[rounds / 4]:F1} cpu_ns_q3={cpu[rounds * 3 / 4]:F1} " +
                    $"wall_ns_median={Median(wall):F1} alloc_B={Median(allocated):F1} rounds={rounds}");
            }
        }
    }

    internal static async Task<(long Messages, double CpuNs, double WallNs, double Bytes)> RoundAsync(Func<Task> invoke, TimeSpan length)
    {
        var totalBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = ProcessCpuNanoseconds();
        var started = Stopwatch.GetTimestamp();
        long invocations = 0;
        while (Stopwatch.GetElapsedTime(started) < length)
        {
            for (var i = 0; i < 10; i++)
            {
                await invoke();
            }

            invocations += 10;
        }

        var wall = Stopwatch.GetElapsedTime(started);
        var cpu = ProcessCpuNanoseconds() - cpuBefore;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
        var messages = invocations * SocketIoPeer.PushCount;
        return (messages, cpu, wall.TotalNanoseconds, bytes);
    }

    internal static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    internal static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[index + 1] : fallback;
    }

    private static long ProcessCpuNanoseconds()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
