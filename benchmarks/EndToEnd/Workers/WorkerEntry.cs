using System.Text.Json;
using Tusk.Benchmarks.EndToEnd.Clients;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>The child-process side: <c>worker &lt;tusk|SocketIOClient|floor&gt; &lt;url&gt; &lt;transport&gt; &lt;spec-json&gt; &lt;workload|idle&gt;</c>.
/// Prints one <c>E2E_RESULT {json}</c> line.</summary>
internal static class WorkerEntry
{
    public const string ResultPrefix = "E2E_RESULT ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var client, var url, var transport, var specJson, var mode])
        {
            await Console.Error.WriteLineAsync("usage: worker <tusk|SocketIOClient|floor> <url> <transport> <spec-json> <workload|idle|profile-alloc|connect>");
            return 2;
        }

        // "@file" reads the spec from a file (handy when a tracer re-quotes the command line).
        WorkloadSpec ReadSpec() => WorkloadSpec.FromJson(specJson.StartsWith('@') ? File.ReadAllText(specJson[1..]) : specJson);
        var uri = new Uri(url);
        Func<IBenchClient> create = client switch
        {
            ClientNames.Tusk or ClientNames.TuskReadyToRun or ClientNames.TuskNoSpin => () => new TuskBenchClient(uri, transport),
            ClientNames.TuskInline => () => new TuskBenchClient(uri, transport, SocketCompletionMode.Inline),
            ClientNames.TuskThreadPool => () => new TuskBenchClient(uri, transport, SocketCompletionMode.ThreadPool),
            ClientNames.SocketIoClient => () => new SocketIoClientBenchClient(uri, transport),
            ClientNames.Floor => () => new FloorBenchClient(uri, transport),
            _ => throw new ArgumentException($"Unknown .NET client '{client}'.", nameof(args)),
        };
        if (mode == "connect")
        {
            // The first connect comes before anything else (the spec is parsed after it), see ConnectProbe.
            var connected = await ConnectProbe.RunAsync(client, create, transport, ReadSpec);
            Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(connected, WorkloadSpec.Json));
            await Console.Out.FlushAsync();
            return 0;
        }

        var spec = ReadSpec();
        using var telemetry = TelemetryListeners.FromEnvironment();
        var worker = new DotnetWorker(client, create, spec, transport, echoesBinary: client != ClientNames.Floor);
        var result = mode switch
        {
            "idle" => await worker.RunIdleAsync(),
            "profile-alloc" => await worker.RunAllocationProfileAsync(),
            _ => await worker.RunWorkloadAsync(),
        };
        Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(result, WorkloadSpec.Json));
        await Console.Out.FlushAsync();
        return 0;
    }
}
