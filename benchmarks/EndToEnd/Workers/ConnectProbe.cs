using System.Diagnostics;
using System.Runtime;
using Tusk.Benchmarks.EndToEnd.Clients;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>
/// The worker's <c>connect</c> mode (<c>--connect-only</c>): the first connect of a fresh process, measured before the
/// worker has done anything else with the client library or with System.Text.Json (the spec is parsed only after it),
/// then <see cref="WorkloadSpec.ConnectCount"/> warm connects. Prints <c>E2E_CONNECTED</c> the moment the first connect
/// completes, so the comparison can time process start to connected from outside, the same way for Node.
/// </summary>
internal static class ConnectProbe
{
    public const string ConnectedMarker = "E2E_CONNECTED";

    private static readonly TimeSpan FirstConnectTimeout = TimeSpan.FromSeconds(15);

    public static async Task<WorkerResult> RunAsync(string clientName, Func<IBenchClient> createClient, string transport, Func<WorkloadSpec> readSpec)
    {
        var result = new WorkerResult { Client = clientName, Transport = transport };
        var connect = result.Connect = new ConnectResult();
        try
        {
            using var jitLog = JitLog.FromEnvironment();
            var methodsBefore = JitInfo.GetCompiledMethodCount();
            var jitBefore = JitInfo.GetCompilationTime();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            connect.FirstMs = await TimeConnectAsync(createClient, FirstConnectTimeout);
            connect.FirstCpuMs = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
            connect.JitMethods = JitInfo.GetCompiledMethodCount() - methodsBefore;
            connect.JitMs = (JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
            Console.Out.WriteLine(ConnectedMarker);
            await Console.Out.FlushAsync();
            jitLog?.Report("first connect");

            var spec = readSpec();
            var samples = new double[spec.ConnectCount];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = await TimeConnectAsync(createClient, spec.PhaseTimeout);
            }

            Array.Sort(samples);
            connect.P50Ms = DotnetWorker.Percentile(samples, 0.5);
        }
        catch (Exception exception)
        {
            connect.Error = DotnetWorker.Describe(exception);
        }

        return result;
    }

    /// <summary>New client → namespace connected, the same span the workload's connect phase times.</summary>
    private static async Task<double> TimeConnectAsync(Func<IBenchClient> createClient, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        var client = createClient();
        try
        {
            using var limit = new CancellationTokenSource(timeout);
            await client.ConnectAsync(limit.Token).WaitAsync(limit.Token);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        finally
        {
            await DotnetWorker.DisposeQuietlyAsync(client);
        }
    }
}
