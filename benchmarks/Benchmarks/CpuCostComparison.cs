using System.Reflection;
using System.Runtime.Loader;

namespace Tusk.Benchmarks;

/// <summary>
/// <c>--cpu-cost-ab DIR_A DIR_B</c>: two builds of this project (say, the code before a change and after it) loaded side
/// by side in one process, each in its own <see cref="AssemblyLoadContext"/> with its own Tusk assemblies, and measured in
/// alternating rounds (A B, B A, ...) with <see cref="CpuCostRunner"/>'s CPU clock. Whatever the shared machine does
/// over minutes (load, frequency, another engineer's build) falls on both builds of a pair alike, so the ratio of each
/// pair of adjacent rounds measures the code, and their median over many rounds is printed with its spread.
/// </summary>
public static class CpuCostComparison
{
    public static async Task RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--cpu-cost-ab");
        var directories = new[] { Path.GetFullPath(args[index + 1]), Path.GetFullPath(args[index + 2]) };
        var rounds = int.Parse(CpuCostRunner.Option(args, "--rounds", "40"));
        var roundTime = TimeSpan.FromMilliseconds(int.Parse(CpuCostRunner.Option(args, "--round-ms", "300")));
        var warmup = TimeSpan.FromSeconds(int.Parse(CpuCostRunner.Option(args, "--warmup", "3")));
        var listener = Environment.GetEnvironmentVariable("TUSK_BENCH_LISTENER") is { Length: > 0 } only ? only : "None";
        var only2 = CpuCostRunner.Option(args, "--benchmark", "all");
        string[] names = only2 == "all" ? ["Emit", "Ack", "Receive"] : [only2];
        var builds = directories.Select((directory, i) => Load(directory, i == 0 ? "A" : "B")).ToArray();
        foreach (var name in names)
        {
            var benchmarks = new object[2];
            var invokes = new Func<Task>[2];
            for (var i = 0; i < 2; i++)
            {
                benchmarks[i] = Activator.CreateInstance(builds[i])!;
                // The listeners are process-wide: the first build's hear both builds' instruments, so the second gets
                // none of its own (two would handle every measurement twice).
                builds[i].GetProperty("Listener")!.SetValue(benchmarks[i], i == 0 ? listener : "None");
                await (Task)builds[i].GetMethod("SetupAsync")!.Invoke(benchmarks[i], null)!;
                invokes[i] = builds[i].GetMethod(name)!.CreateDelegate<Func<Task>>(benchmarks[i]);
                await CpuCostRunner.RoundAsync(invokes[i], warmup);
            }

            var cpu = new List<double>[] { [], [] };
            var ratios = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var perMessage = new double[2];
                foreach (var i in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
                {
                    var (messages, cpuNs, _, _) = await CpuCostRunner.RoundAsync(invokes[i], roundTime);
                    perMessage[i] = cpuNs / messages;
                    cpu[i].Add(perMessage[i]);
                }

                ratios.Add(perMessage[1] / perMessage[0]);
            }

            for (var i = 0; i < 2; i++)
            {
                await (Task)builds[i].GetMethod("CleanupAsync")!.Invoke(benchmarks[i], null)!;
                cpu[i].Sort();
            }

            ratios.Sort();
            Console.WriteLine(
                $"cpu-cost-ab {name} {listener} a_ns_median={CpuCostRunner.Median(cpu[0]):F1} b_ns_median={CpuCostRunner.Median(cpu[1]):F1} " +
                $"ratio_median={CpuCostRunner.Median(ratios):F4} ratio_q1={ratios[rounds / 4]:F4} ratio_q3={ratios[rounds * 3 / 4]:F4} rounds={rounds}");
        }
    }

    private static Type Load(string directory, string name)
    {
        var path = Path.Combine(directory, "Tusk.Benchmarks.dll");
        var context = new BuildLoadContext(name, path);
        return context.LoadFromAssemblyPath(path).GetType("Tusk.Benchmarks.SocketIoClientCostBenchmarks", throwOnError: true)!;
    }

    private sealed class BuildLoadContext(string name, string mainAssembly) : AssemblyLoadContext(name)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
