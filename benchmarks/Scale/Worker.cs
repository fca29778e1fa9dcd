using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tusk.SocketIO;

namespace Tusk.Benchmarks.Scale;

/// <summary>
/// One client process: holds the connections it was asked to open, each a <see cref="SocketIoClient"/> with default
/// options except <c>Transports = ["websocket"]</c> (unless the run compares the default transports), idle (their heartbeats run). Reads commands from stdin and exits
/// at once when stdin closes (the orchestrator is done or gone), so no worker outlives a run.
/// </summary>
internal static class Worker
{
    // What the worker keeps per connection is the client and a list slot: the handlers below are static lambdas (one
    // delegate each for the whole process), so the per-connection figures are the library's.
    private static readonly List<SocketIoClient> Clients = [];
    private static long _disconnects;
    private static long _reconnects;

    public static async Task<int> RunAsync()
    {
        var stdout = Console.Out;
        try
        {
            stdout.WriteLine(Protocol.Ready + JsonSerializer.Serialize(Measure(), Protocol.Json));
            while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("connect ", StringComparison.Ordinal))
                {
                    var command = JsonSerializer.Deserialize<ConnectCommand>(line["connect ".Length..], Protocol.Json)
                        ?? throw new InvalidOperationException("Empty connect command.");
                    var result = await ConnectAsync(command).ConfigureAwait(false);
                    stdout.WriteLine(Protocol.Connected + JsonSerializer.Serialize(result, Protocol.Json));
                }
                else if (line == "measure")
                {
                    stdout.WriteLine(Protocol.Measured + JsonSerializer.Serialize(Measure(), Protocol.Json));
                }
            }
        }
        catch (Exception exception)
        {
            stdout.WriteLine(Protocol.Failed + JsonSerializer.Serialize(exception.ToString(), Protocol.Json));
            return 1;
        }

        // stdin closed: leave without closing 19,000 connections one by one; the servers see them reset.
        Environment.Exit(0);
        return 0;
    }

    private static async Task<ConnectResult> ConnectAsync(ConnectCommand command)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(command.DeadlineSeconds));
        var durations = new ConcurrentBag<int>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var opened = new ConcurrentBag<SocketIoClient>();
        int next = -1, failed = 0, notAttempted = 0;
        var started = Stopwatch.GetTimestamp();

        async Task LaneAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= command.Count)
                {
                    return;
                }

                if (deadline.IsCancellationRequested)
                {
                    Interlocked.Increment(ref notAttempted);
                    continue;
                }

                var target = command.Targets[(command.FirstTarget + index) % command.Targets.Length];
                var options = new SocketIoClientOptions();
                if (command.WebSocketOnly)
                {
                    options.Transports.Add("websocket");
                }

                var client = new SocketIoClient(new Uri(target), options);
                client.Disconnected += static (_, _) => Interlocked.Increment(ref _disconnects);
                client.Reconnected += static (_, _) => Interlocked.Increment(ref _reconnects);
                var connectStarted = Stopwatch.GetTimestamp();
                try
                {
                    await client.ConnectAsync(deadline.Token).ConfigureAwait(false);
                    durations.Add((int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(connectStarted).Ticks / 10));
                    opened.Add(client);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref failed);
                    errors.AddOrUpdate(Describe(exception, deadline.IsCancellationRequested), 1, static (_, n) => n + 1);
                    // Bounded: a client whose dispose does not finish in 5 s is left behind (and counted).
                    try
                    {
                        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        errors.AddOrUpdate("dispose after a failed connect took over 5 s", 1, static (_, n) => n + 1);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(command.Concurrency, Math.Max(1, command.Count)))
            .Select(_ => Task.Run(LaneAsync))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Clients.AddRange(opened);
        return new ConnectResult(
            opened.Count,
            failed,
            notAttempted,
            elapsed.TotalMilliseconds,
            new Dictionary<string, int>(errors, StringComparer.Ordinal),
            [.. durations]);
    }

    private static string Describe(Exception exception, bool deadlinePassed)
    {
        if (exception is OperationCanceledException && deadlinePassed)
        {
            return "cancelled at the batch deadline";
        }

        var inner = exception.InnerException is { } cause ? " <- " + cause.GetType().Name : "";
        var message = exception.Message.Length > 80 ? exception.Message[..80] + "..." : exception.Message;
        return exception.GetType().Name + inner + ": " + message;
    }

    private static MeasureResult Measure()
    {
        // Twice, with the finalizers in between, so what they released is gone too.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
        var connected = 0;
        foreach (var client in Clients)
        {
            if (client.IsConnected)
            {
                connected++;
            }
        }

        return new MeasureResult(
            Clients.Count,
            connected,
            managed,
            heap,
            ReadResidentBytes(),
            ThreadCount(),
            Interlocked.Read(ref _disconnects),
            Interlocked.Read(ref _reconnects));
    }

    private static long ReadResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }

    private static int ThreadCount()
    {
        using var self = Process.GetCurrentProcess();
        return self.Threads.Count;
    }
}
