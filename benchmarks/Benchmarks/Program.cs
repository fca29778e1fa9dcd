using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Tusk.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter '*'</c> (BenchmarkDotNet's usual switches apply).</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Contains("--cpu-cost-ab"))
        {
            await CpuCostComparison.RunAsync(args); // two builds side by side, see CpuCostComparison
            return;
        }

        if (args.Contains("--cpu-cost"))
        {
            await CpuCostRunner.RunAsync(args); // see CpuCostRunner and benchmarks/README.md
            return;
        }

        // In-process: the project file name (Benchmarks) differs from the assembly name (Tusk.Benchmarks), which
        // BenchmarkDotNet's default out-of-process toolchain cannot map. 5 warm-up and 15 measured iterations (a full run
        // takes about 12 minutes) keep the echo rows' error small enough to compare; TUSK_BENCH_WARMUP and
        // TUSK_BENCH_ITERATIONS override them for a quicker look.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(int.Parse(Environment.GetEnvironmentVariable("TUSK_BENCH_WARMUP") ?? "5"))
            .WithIterationCount(int.Parse(Environment.GetEnvironmentVariable("TUSK_BENCH_ITERATIONS") ?? "15"))
            .WithId("Short-InProcess");
        var config = args.Contains("--job") ? DefaultConfig.Instance : DefaultConfig.Instance.AddJob(job);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
