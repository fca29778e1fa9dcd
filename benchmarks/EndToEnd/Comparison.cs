using System.Diagnostics;
using System.Text.Json;
using Tusk.Benchmarks.EndToEnd.Reporting;
using Tusk.Benchmarks.EndToEnd.Workers;

namespace Tusk.Benchmarks.EndToEnd;

/// <summary>The whole comparison: installs the npm packages, then for each transport and client starts a fresh
/// socket.io server and a worker process, collects the results, prints the table and writes JSON + Markdown.</summary>
internal static class Comparison
{
    private const string ServerReadyPrefix = "E2E_SERVER_READY ";

    public static async Task<int> RunAsync(ComparisonOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var directory = FindBenchmarkDirectory();
        await NodePackages.EnsureInstalledAsync(directory);
        var machine = await MachineInfo.CollectAsync();
        Console.WriteLine($"End-to-end comparison on {machine.Describe()}");
        if ((options.Clients.Contains(ClientNames.TuskAot) || options.Clients.Contains(ClientNames.TuskComposite)) && !options.ConnectOnly)
        {
            throw new ArgumentException($"The {ClientNames.TuskAot} and {ClientNames.TuskComposite} clients have only the --connect-only measures.");
        }

        await PublishedWorkers.PublishAsync(directory, options.Clients);

        if (options.ConnectOnly)
        {
            return await RunConnectOnlyAsync(options, directory, machine, started);
        }

        // Rounds alternate the clients, so a burst of outside load hits them alike; SocketIOClient runs once (its
        // stalled phases take the full timeout and its figures are far from the others').
        var rounds = new List<WorkerResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var transport in options.Transports)
            {
                var spec = WorkloadSpec.For(transport, options.Quick);
                foreach (var client in options.Clients.Where(c => (round == 1 || c != ClientNames.SocketIoClient) && ClientNames.Runs(c, transport)))
                {
                    rounds.Add(await RunWorkerAsync(directory, client, transport, spec, "workload"));
                }
            }
        }

        var results = BestOfRounds.Merge(rounds);

        if (options.Idle)
        {
            var spec = WorkloadSpec.For("websocket", options.Quick);
            foreach (var client in options.Clients.Where(ClientNames.MeasuresIdle))
            {
                var idle = await RunWorkerAsync(directory, client, "websocket", spec, "idle");
                var row = results.Find(r => r.Client == client && r.Transport == "websocket");
                if (row is null)
                {
                    results.Add(idle);
                }
                else
                {
                    row.Idle = idle.Idle ?? new IdleResult { Error = idle.Error ?? "no result" };
                }
            }
        }

        var report = new ComparisonReport
        {
            Machine = machine,
            Quick = options.Quick,
            RoundCount = options.Rounds,
            Specs = options.Transports.ToDictionary(t => t, t => WorkloadSpec.For(t, options.Quick)),
            Results = results,
            Rounds = rounds,
            TotalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
        var markdown = MarkdownReport.Render(report, options.Clients, options.Transports);
        Console.WriteLine();
        Console.WriteLine(markdown);

        var jsonPath = options.JsonPath ?? Path.Combine(directory, "results", "latest.json");
        var markdownPath = options.MarkdownPath ?? Path.Combine(directory, "results", "latest.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions(WorkloadSpec.Json) { WriteIndented = true }));
        await File.WriteAllTextAsync(markdownPath, markdown);
        Console.WriteLine($"Results: {jsonPath} and {markdownPath} ({report.TotalSeconds:0} s in total)");
        return 0;
    }

    /// <summary><c>--connect-only</c>: <see cref="ComparisonOptions.Processes"/> fresh worker processes per client,
    /// the clients alternating, each against a fresh server; see Reporting/ConnectReport.cs.</summary>
    private static async Task<int> RunConnectOnlyAsync(ComparisonOptions options, string directory, MachineInfo machine, long started)
    {
        var runs = new List<WorkerResult>();
        for (var process = 1; process <= options.Processes; process++)
        {
            foreach (var transport in options.Transports)
            {
                var spec = WorkloadSpec.For(transport, options.Quick);
                foreach (var client in options.Clients.Where(c => c != ClientNames.SocketIoClient && c != ClientNames.Floor && ClientNames.Runs(c, transport)))
                {
                    runs.Add(await RunWorkerAsync(directory, client, transport, spec, "connect"));
                }
            }
        }

        var report = new ConnectReport
        {
            Machine = machine,
            LoadAverageAtEnd = MachineInfo.ReadLoadAverage(),
            Processes = options.Processes,
            Runs = runs,
            TotalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
        var markdown = report.Render(options.Clients, options.Transports);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var jsonPath = options.JsonPath ?? Path.Combine(directory, "results", "connect.json");
        var markdownPath = options.MarkdownPath ?? Path.Combine(directory, "results", "connect.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions(WorkloadSpec.Json) { WriteIndented = true }));
        await File.WriteAllTextAsync(markdownPath, markdown);
        Console.WriteLine($"Results: {jsonPath} and {markdownPath} ({report.TotalSeconds:0} s in total)");
        return 0;
    }

    private static async Task<WorkerResult> RunWorkerAsync(string directory, string client, string transport, WorkloadSpec spec, string mode)
    {
        Console.WriteLine($"  {ClientNames.Display(client)} over {transport} ({mode})...");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var server = ChildProcess.Start("node", ["server.js"], directory);
            var ready = await server.ReadLineStartingWithAsync(ServerReadyPrefix, TimeSpan.FromSeconds(30));
            var port = JsonDocument.Parse(ready).RootElement.GetProperty("port").GetInt32();
            var url = $"http://127.0.0.1:{port}";
            string[] workerArguments = [client, url, transport, spec.ToJson(), mode];

            var spawned = Stopwatch.GetTimestamp();
            using var worker = client switch
            {
                ClientNames.JavaScript => ChildProcess.Start("node", ["--expose-gc", "client.js", .. workerArguments.Skip(1)], directory),
                ClientNames.TuskReadyToRun or ClientNames.TuskAot or ClientNames.TuskComposite => PublishedWorkers.Start(client, workerArguments, directory),
                // The worker is this same program with the same runtimeconfig.json: the environment gives one worker the setting.
                ClientNames.TuskNoSpin => StartDotnetWorker(workerArguments, directory, new Dictionary<string, string> { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }),
                _ => StartDotnetWorker(workerArguments, directory),
            };
            var budget = mode == "idle" ? spec.PhaseTimeout * 5 : spec.PhaseTimeout * 14;
            double? processToConnected = null;
            if (mode == "connect")
            {
                await worker.ReadLineStartingWithAsync(ConnectProbe.ConnectedMarker, spec.PhaseTimeout * 2);
                processToConnected = Stopwatch.GetElapsedTime(spawned).TotalMilliseconds;
            }

            var line = await worker.ReadLineStartingWithAsync(WorkerEntry.ResultPrefix, budget);
            var result = JsonSerializer.Deserialize<WorkerResult>(line, WorkloadSpec.Json) ?? throw new InvalidOperationException("Empty result.");
            result.Client = client;
            if (result.Connect is { } connect && processToConnected is { } elapsed)
            {
                connect.ProcessToConnectedMs = elapsed;
            }

            Console.WriteLine($"    done in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            return result;
        }
        catch (Exception exception)
        {
            var error = DotnetWorker.Describe(exception);
            Console.WriteLine($"    failed: {error}");
            return new WorkerResult { Client = client, Transport = transport, Error = error };
        }
    }

    /// <summary>Starts this same program in worker mode, through the app host or through <c>dotnet</c>.</summary>
    private static ChildProcess StartDotnetWorker(string[] workerArguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        string[] prefix = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [typeof(Comparison).Assembly.Location, "worker"]
            : ["worker"];
        return ChildProcess.Start(host, [.. prefix, .. workerArguments], directory, environment: environment);
    }

    /// <summary>benchmarks/EndToEnd, found upwards from the build output (server.js and package.json live there).</summary>
    private static string FindBenchmarkDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "server.js")) && File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory with server.js above {AppContext.BaseDirectory}.");
    }
}
