using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tusk.Testing;

namespace Tusk.Benchmarks.Scale;

/// <summary>
/// The whole benchmark: starts the socket.io servers (one process and port each, on 127.0.0.1, 127.0.0.2, ...) and the
/// client workers, then for each step opens the connections that bring the total to the step's count (spread evenly
/// over workers and servers), lets them settle, measures the client CPU over an idle window of at least one ping
/// interval, and has every worker report its memory after full collections. Every wait is bounded; a failed connect is
/// counted by kind; a worker or server that dies or stops answering ends the run with what was measured so far.
/// </summary>
internal static class Orchestrator
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MeasureTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(string[] args)
    {
        ScaleOptions options;
        try
        {
            options = ScaleOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            if (exception.Message.Length > 0)
            {
                Console.Error.WriteLine(exception.Message);
            }

            Console.Error.WriteLine(ScaleOptions.Usage);
            return 2;
        }

        var root = FindRepositoryRoot();
        var output = options.OutputPath ?? Path.Combine(root, "benchmarks", "Scale", "results", "latest.json");
        var serversDirectory = await NodeEnvironment.EnsureInstalledAsync(Path.Combine(root, "tests", "servers"));
        var started = DateTime.UtcNow;
        var steps = new List<StepResult>();
        string? abort = null;
        var children = new List<ChildProcess>();
        Console.CancelKeyPress += (_, e) =>
        {
            // Ctrl+C: stop the children first, then let the process end.
            foreach (var child in children.ToArray())
            {
                child.Dispose();
            }
        };

        Console.WriteLine($"Scale benchmark: steps {string.Join(" / ", options.Steps.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}, " +
            $"{options.Workers} workers, {options.Servers} servers, pingInterval {options.PingIntervalSeconds} s, window {options.WindowSeconds} s, " +
            $"{options.ConcurrencyPerWorker} connects in flight per worker, " +
            $"{(options.WebSocketOnly ? "WebSocket only" : "default transports (polling, then upgrade)")}; load {LoadAverage()}");
        try
        {
            var servers = new List<ChildProcess>();
            var targets = new List<string>();
            for (var i = 0; i < options.Servers; i++)
            {
                var address = $"127.0.0.{i + 1}";
                var server = ChildProcess.Start($"server {i + 1}", "node",
                    [Path.Combine(root, "benchmarks", "Scale", "server.js"), serversDirectory, address,
                     (options.PingIntervalSeconds * 1000).ToString(CultureInfo.InvariantCulture),
                     options.WebSocketOnly ? "websocket" : "polling,websocket"],
                    root);
                children.Add(server);
                servers.Add(server);
                using var ready = JsonDocument.Parse(await server.ReadAnswerAsync(Protocol.ServerReady, StartTimeout));
                targets.Add($"http://{address}:{ready.RootElement.GetProperty("port").GetInt32()}");
            }

            var workers = new List<ChildProcess>();
            var baselines = new List<MeasureResult>();
            var (fileName, prefix) = WorkerCommand();
            for (var i = 0; i < options.Workers; i++)
            {
                var worker = ChildProcess.Start($"worker {i + 1}", fileName, [.. prefix, "worker"], root);
                children.Add(worker);
                workers.Add(worker);
            }

            foreach (var worker in workers)
            {
                baselines.Add(Deserialize<MeasureResult>(await worker.ReadAnswerAsync(Protocol.Ready, StartTimeout)));
            }

            var held = new int[options.Workers];
            foreach (var target in options.Steps)
            {
                var step = await RunStepAsync(options, target, workers, servers, [.. targets], baselines, held);
                steps.Add(step);
                Print(step);
                var lost = step.Connect.Failed + step.Connect.NotAttempted;
                if (lost > 0 && lost * 10 > step.Connect.Added)
                {
                    abort = $"step {target:N0}: {lost:N0} of {step.Connect.Added:N0} connects failed or were not attempted; later steps skipped.";
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or IOException)
        {
            abort = exception.Message;
        }
        finally
        {
            Console.WriteLine("Stopping workers and servers...");
            foreach (var child in children)
            {
                child.Dispose();
            }
        }

        var result = new RunResult(started.ToString("u", CultureInfo.InvariantCulture), MachineDescription(), Commit(root), options, steps, abort);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions(Protocol.Json) { WriteIndented = true }));
        Console.WriteLine();
        PrintSummary(steps);
        Console.WriteLine($"Results: {output}");
        if (abort is not null)
        {
            Console.Error.WriteLine($"Run ended early: {abort}");
            return 1;
        }

        return 0;
    }

    private static async Task<StepResult> RunStepAsync(
        ScaleOptions options, int target, List<ChildProcess> workers, List<ChildProcess> servers, string[] targets,
        List<MeasureResult> baselines, int[] held)
    {
        var loadBefore = LoadAverage();
        Console.WriteLine($"== step {target:N0}: connecting (load {loadBefore})");

        // Each worker ends the step with target / workers connections (the first ones one more when it does not divide).
        var batches = new int[workers.Count];
        for (var i = 0; i < workers.Count; i++)
        {
            var share = target / workers.Count + (i < target % workers.Count ? 1 : 0);
            batches[i] = Math.Max(0, share - held[i]);
        }

        var wall = Stopwatch.StartNew();
        for (var i = 0; i < workers.Count; i++)
        {
            var command = new ConnectCommand(batches[i], targets, FirstTarget: held[i] + i, options.ConcurrencyPerWorker, options.StepDeadlineSeconds, options.WebSocketOnly);
            await workers[i].SendAsync("connect " + JsonSerializer.Serialize(command, Protocol.Json));
        }

        var answers = await Task.WhenAll(workers.Select(w =>
            w.ReadAnswerAsync(Protocol.Connected, TimeSpan.FromSeconds(options.StepDeadlineSeconds + 60))));
        wall.Stop();
        var connects = answers.Select(Deserialize<ConnectResult>).ToArray();
        for (var i = 0; i < workers.Count; i++)
        {
            held[i] += connects[i].Opened;
        }

        var durations = connects.SelectMany(c => c.DurationsMicroseconds).Order().ToArray();
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in connects.SelectMany(c => c.Errors))
        {
            errors[kind] = errors.GetValueOrDefault(kind) + count;
        }

        var opened = connects.Sum(c => c.Opened);
        var connect = new ConnectFigures(
            batches.Sum(), opened, connects.Sum(c => c.Failed), connects.Sum(c => c.NotAttempted),
            wall.Elapsed.TotalSeconds, opened / wall.Elapsed.TotalSeconds,
            Percentile(durations, 0.50), Percentile(durations, 0.99), durations.Length == 0 ? 0 : durations[^1] / 1000.0,
            errors);
        Console.WriteLine($"   {opened:N0} opened, {connect.Failed:N0} failed, {connect.NotAttempted:N0} not attempted in {connect.WallSeconds:N1} s; " +
            $"settling {options.SettleSeconds} s, then an idle window of {options.WindowSeconds} s");

        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
        var cpuBefore = workers.Select(w => w.CpuTime()).ToArray();
        var serverBefore = await ServerStatsAsync(servers);
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.WindowSeconds));
        var cpuAfter = workers.Select(w => w.CpuTime()).ToArray();
        window.Stop();
        var serverAfter = await ServerStatsAsync(servers);
        var perWorker = cpuAfter.Zip(cpuBefore, (a, b) => (a - b).TotalSeconds).ToArray();
        var connections = held.Sum();
        var heartbeats = serverAfter.Sum(s => s.Heartbeats) - serverBefore.Sum(s => s.Heartbeats);
        var seconds = window.Elapsed.TotalSeconds;
        var heartbeat = new HeartbeatFigures(
            seconds, connections, perWorker.Sum(),
            connections == 0 ? 0 : perWorker.Sum() / seconds / (connections / 1000.0),
            perWorker, heartbeats, connections == 0 ? 0 : heartbeats / (double)connections,
            heartbeats == 0 ? 0 : perWorker.Sum() * 1e6 / heartbeats,
            (serverAfter.Sum(s => s.CpuMicroseconds) - serverBefore.Sum(s => s.CpuMicroseconds)) / 1e6 / seconds);

        foreach (var worker in workers)
        {
            await worker.SendAsync("measure");
        }

        var measured = new List<MeasureResult>();
        foreach (var worker in workers)
        {
            measured.Add(Deserialize<MeasureResult>(await worker.ReadAnswerAsync(Protocol.Measured, MeasureTimeout)));
        }

        var workerMemory = measured.Select((m, i) => new WorkerMemory(
            m.Clients, m.ConnectedClients, m.ManagedBytes, m.HeapBytes, m.WorkingSetBytes, m.Threads,
            m.Clients == 0 ? 0 : (m.ManagedBytes - baselines[i].ManagedBytes) / (double)m.Clients,
            m.Clients == 0 ? 0 : (m.WorkingSetBytes - baselines[i].WorkingSetBytes) / (double)m.Clients)).ToArray();
        var clients = measured.Sum(m => m.Clients);
        var stats = await ServerStatsAsync(servers);
        var memory = new MemoryFigures(
            clients, measured.Sum(m => m.ConnectedClients),
            clients == 0 ? 0 : (measured.Sum(m => m.ManagedBytes) - baselines.Sum(b => b.ManagedBytes)) / (double)clients,
            clients == 0 ? 0 : measured.Sum(m => m.ManagedBytes) / (double)clients,
            clients == 0 ? 0 : (measured.Sum(m => m.WorkingSetBytes) - baselines.Sum(b => b.WorkingSetBytes)) / (double)clients,
            workerMemory, measured.Sum(m => m.Disconnects), measured.Sum(m => m.Reconnects),
            stats.Sum(s => s.Connected), stats.Sum(s => s.RssBytes));
        return new StepResult(target, loadBefore, LoadAverage(), connect, heartbeat, memory);
    }

    private static async Task<ServerStats[]> ServerStatsAsync(List<ChildProcess> servers)
    {
        foreach (var server in servers)
        {
            await server.SendAsync("stats");
        }

        var stats = new ServerStats[servers.Count];
        for (var i = 0; i < servers.Count; i++)
        {
            stats[i] = Deserialize<ServerStats>(await servers[i].ReadAnswerAsync(Protocol.ServerStats, MeasureTimeout));
        }

        return stats;
    }

    private static void Print(StepResult step)
    {
        var c = step.Connect;
        var h = step.Heartbeat;
        var m = step.Memory;
        Console.WriteLine($"   connect: {c.Opened:N0}/{c.Added:N0} in {c.WallSeconds:N1} s = {c.ConnectsPerSecond:N0}/s, p50 {c.P50Milliseconds:N1} ms, p99 {c.P99Milliseconds:N1} ms, max {c.MaxMilliseconds:N1} ms");
        foreach (var (kind, count) in c.Errors)
        {
            Console.WriteLine($"     failed x{count:N0}: {kind}");
        }

        Console.WriteLine($"   heartbeat: {h.ClientCpuSeconds:N2} client CPU s in {h.WindowSeconds:N1} s for {h.Connections:N0} connections = " +
            $"{h.ClientCpuSecondsPerSecondPer1000 * 1000:N2} ms CPU per s per 1,000; {h.HeartbeatsPerConnection:N2} pongs per connection ({h.ClientCpuMicrosecondsPerHeartbeat:N0} µs client CPU per pong); server {h.ServerCpuSecondsPerSecond:N2} CPU s/s");
        Console.WriteLine($"   memory: {m.Connected:N0}/{m.Clients:N0} connected (servers: {m.ServerConnected:N0}); managed {m.ManagedBytesPerConnection / 1024:N2} KiB/connection " +
            $"({m.ManagedBytesPerConnectionWithBaseline / 1024:N2} with the runtime's baseline), working set {m.WorkingSetBytesPerConnection / 1024:N2} KiB/connection; " +
            $"disconnects {m.Disconnects:N0}, reconnects {m.Reconnects:N0}");
        Console.WriteLine("   per worker (managed KiB/conn): " + string.Join(", ", m.Workers.Select(w => $"{w.ManagedBytesPerConnection / 1024:N2} ({w.Clients:N0})")));
        Console.WriteLine($"   load {step.LoadBefore} -> {step.LoadAfter}");
    }

    private static void PrintSummary(List<StepResult> steps)
    {
        Console.WriteLine("| Connections | Connect wall s | Connects/s | p50 / p99 ms | Failed | Managed KiB/conn | Working set KiB/conn | Heartbeat CPU ms/s per 1,000 | Pongs/conn | µs CPU/pong | Load before → after |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in steps)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Memory.Clients:N0} | {s.Connect.WallSeconds:N1} | {s.Connect.ConnectsPerSecond:N0} | {s.Connect.P50Milliseconds:N1} / {s.Connect.P99Milliseconds:N1} | " +
                $"{s.Connect.Failed + s.Connect.NotAttempted:N0} | {s.Memory.ManagedBytesPerConnection / 1024:N2} | {s.Memory.WorkingSetBytesPerConnection / 1024:N2} | " +
                $"{s.Heartbeat.ClientCpuSecondsPerSecondPer1000 * 1000:N2} | {s.Heartbeat.HeartbeatsPerConnection:N2} | {s.Heartbeat.ClientCpuMicrosecondsPerHeartbeat:N0} | {s.LoadBefore} → {s.LoadAfter} |"));
        }
    }

    private static double Percentile(int[] sortedMicroseconds, double quantile) =>
        sortedMicroseconds.Length == 0 ? 0 : sortedMicroseconds[(int)Math.Min(sortedMicroseconds.Length - 1, Math.Floor(quantile * sortedMicroseconds.Length))] / 1000.0;

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Protocol.Json) ?? throw new InvalidOperationException($"Empty {typeof(T).Name}.");

    private static (string FileName, string[] Prefix) WorkerCommand()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? (path, [typeof(Orchestrator).Assembly.Location])
            : (path, []);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Toolkit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Toolkit.sln not found above " + AppContext.BaseDirectory);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string MachineDescription() =>
        $"{Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024))} GiB, " +
        $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static string Commit(string root)
    {
        try
        {
            var info = new ProcessStartInfo("git", ["-C", root, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var git = Process.Start(info);
            if (git is null)
            {
                return "unknown";
            }

            var text = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(5000) && git.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
