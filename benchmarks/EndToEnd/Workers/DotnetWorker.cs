using System.Diagnostics;
using Tusk.Benchmarks.EndToEnd.Clients;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>Runs the workload with one .NET client library in this (child) process, so CPU time, allocations
/// and memory belong to that library alone. Every phase uses a fresh connection and is bounded by the spec's
/// phase timeout; a phase that throws or times out is recorded and the next one runs.</summary>
internal sealed class DotnetWorker(string clientName, Func<IBenchClient> createClient, WorkloadSpec spec, string transport, bool echoesBinary = true)
{
    public async Task<WorkerResult> RunWorkloadAsync()
    {
        // Diagnostics: E2E_ONLY_PHASE=pipelinedAcks|eventRoundTrips|push|binaryEcho runs one phase (e.g. under dotnet-trace).
        var only = Environment.GetEnvironmentVariable("E2E_ONLY_PHASE");
        bool Runs(string phase) => string.IsNullOrEmpty(only) || string.Equals(only, phase, StringComparison.OrdinalIgnoreCase);

        var result = new WorkerResult { Client = clientName, Transport = transport };
        if (Runs("connect"))
        {
            result.Connect = await MeasureConnectAsync();
        }

        if (Runs("ackLatency"))
        {
            result.AckLatency = await MeasureAckLatencyAsync();
        }

        if (Runs("pipelinedAcks"))
        {
            result.PipelinedAcks = await PhaseAsync(spec.PipelineWarmup, spec.PipelineCount, Workloads.PipelinedAcksAsync);
        }

        if (Runs("eventRoundTrips"))
        {
            result.EventRoundTrips = await PhaseAsync(spec.PipelineWarmup, spec.PipelineCount, Workloads.EventRoundTripsAsync);
        }

        if (Runs("push"))
        {
            result.Push = await PhaseAsync(spec.PushWarmup, spec.PushCount, Workloads.PushAsync);
        }

        // The same phases with the ~110-byte object (issue 21's workload message).
        var message = spec.Message;
        if (Runs("objectAckLatency"))
        {
            result.ObjectAckLatency = await MeasureAckLatencyAsync(message);
        }

        if (Runs("objectPipelinedAcks"))
        {
            result.ObjectPipelinedAcks = await PhaseAsync(spec.PipelineWarmup, spec.PipelineCount, (c, s, n, p) => Workloads.PipelinedAcksAsync(c, s, n, p, message));
        }

        if (Runs("objectEventRoundTrips"))
        {
            result.ObjectEventRoundTrips = await PhaseAsync(spec.PipelineWarmup, spec.PipelineCount, (c, s, n, p) => Workloads.EventRoundTripsAsync(c, s, n, p, message));
        }

        if (Runs("objectPush"))
        {
            result.ObjectPush = await PhaseAsync(spec.PushWarmup, spec.PushCount, (c, s, n, p) => Workloads.PushAsync(c, s, n, p, message));
        }

        if (Runs("binaryEcho") && echoesBinary)
        {
            result.BinaryEcho = await PhaseAsync(spec.BinaryWarmup, spec.BinaryCount, Workloads.BinaryEchoAsync);
            if (result.BinaryEcho is { PerSecond: { } rate })
            {
                result.BinaryEcho.MegabytesPerSecond = rate * spec.BinarySize / 1e6;
            }
        }

        if (Runs("allocation"))
        {
            result.Allocation = await MeasureAllocationAsync();
        }

        return result;
    }

    public async Task<WorkerResult> RunIdleAsync()
    {
        var result = new WorkerResult { Client = clientName, Transport = transport };
        var clients = new List<IBenchClient>(spec.IdleClients);
        try
        {
            var (heapBefore, rssBefore) = Memory();
            using var limit = new CancellationTokenSource(spec.PhaseTimeout * 3);
            var next = 0;
            async Task ConnectSomeAsync()
            {
                while (Interlocked.Increment(ref next) <= spec.IdleClients)
                {
                    var client = createClient();
                    lock (clients)
                    {
                        clients.Add(client);
                    }

                    await client.ConnectAsync(limit.Token).WaitAsync(limit.Token);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, spec.IdleConcurrency).Select(_ => ConnectSomeAsync()));
            var (heapAfter, rssAfter) = Memory();
            result.Idle = new IdleResult
            {
                Clients = clients.Count,
                ManagedBytesPerClient = (double)(heapAfter - heapBefore) / clients.Count,
                RssBytesPerClient = (double)(rssAfter - rssBefore) / clients.Count,
            };
        }
        catch (Exception exception)
        {
            result.Idle = new IdleResult { Clients = clients.Count, Error = Describe(exception) };
        }

        // Diagnostics: E2E_HOLD_SECONDS keeps the idle clients connected (bounded) for dotnet-gcdump.
        if (int.TryParse(Environment.GetEnvironmentVariable("E2E_HOLD_SECONDS"), out var hold) && hold is > 0 and <= 300)
        {
            Console.Error.WriteLine($"holding {clients.Count} idle clients for {hold} s (pid {Environment.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        await Task.WhenAll(clients.Select(DisposeQuietlyAsync));
        return result;
    }

    private async Task<ConnectResult> MeasureConnectAsync()
    {
        try
        {
            using var jitLog = JitLog.FromEnvironment();
            var first = await TimeConnectAsync();
            jitLog?.Report("first connect");
            var samples = new double[spec.ConnectCount];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = await TimeConnectAsync();
            }

            Array.Sort(samples);
            return new ConnectResult { FirstMs = first, P50Ms = Percentile(samples, 0.5) };
        }
        catch (Exception exception)
        {
            return new ConnectResult { Error = Describe(exception) };
        }
    }

    private async Task<double> TimeConnectAsync()
    {
        var start = Stopwatch.GetTimestamp();
        var client = createClient();
        try
        {
            using var limit = new CancellationTokenSource(spec.PhaseTimeout);
            await client.ConnectAsync(limit.Token).WaitAsync(limit.Token);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        finally
        {
            await DisposeQuietlyAsync(client);
        }
    }

    /// <summary>Runs the warm-up round at least once and until <see cref="WorkloadSpec.WarmupSeconds"/> have passed.</summary>
    private async Task WarmUpAsync(Func<Task> round)
    {
        var start = Stopwatch.GetTimestamp();
        do
        {
            await round().WaitAsync(spec.PhaseTimeout);
        }
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < spec.WarmupSeconds);
    }

    private async Task<LatencyResult> MeasureAckLatencyAsync(object? payload = null)
    {
        var client = createClient();
        try
        {
            await ConnectAsync(client);
            object?[] arguments = [payload ?? 1];
            await WarmUpAsync(() => Workloads.SequentialAcksAsync(client, arguments, spec.AckWarmup, null));
            var samples = new double[spec.AckCount];
            await Workloads.SequentialAcksAsync(client, arguments, spec.AckCount, samples).WaitAsync(spec.PhaseTimeout);
            Array.Sort(samples);
            return new LatencyResult { Count = samples.Length, P50Us = Percentile(samples, 0.5), P99Us = Percentile(samples, 0.99) };
        }
        catch (Exception exception)
        {
            return new LatencyResult { Error = Describe(exception) };
        }
        finally
        {
            await DisposeQuietlyAsync(client);
        }
    }

    private async Task<PhaseResult> PhaseAsync(int warmup, int count, Func<IBenchClient, WorkloadSpec, int, Progress, Task> run)
    {
        var client = createClient();
        var warmupProgress = new Progress();
        var progress = new Progress();
        try
        {
            await ConnectAsync(client);
            await WarmUpAsync(() => run(client, spec, warmup, warmupProgress));
            var server0 = await client.ServerCpuMicrosecondsAsync().WaitAsync(spec.PhaseTimeout);
            var client0 = Environment.CpuUsage.TotalTime;
            var workItems0 = ThreadPool.CompletedWorkItemCount;
            var start = Stopwatch.GetTimestamp();
            await run(client, spec, count, progress).WaitAsync(spec.PhaseTimeout);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var client1 = Environment.CpuUsage.TotalTime;
            var workItems1 = ThreadPool.CompletedWorkItemCount;
            var server1 = await client.ServerCpuMicrosecondsAsync().WaitAsync(spec.PhaseTimeout);
            return new PhaseResult
            {
                Count = count,
                Seconds = seconds,
                PerSecond = count / seconds,
                ClientCpuUsPerMessage = (client1 - client0).TotalMicroseconds / count,
                ServerCpuUsPerMessage = (server1 - server0) / count,
                WorkItemsPerMessage = (double)(workItems1 - workItems0) / count,
            };
        }
        catch (Exception exception)
        {
            var done = progress.Done > 0 ? $" after {progress.Done} of {count} measured messages"
                : warmupProgress.Done < warmup ? $" in the warm-up after {warmupProgress.Done} of {warmup} messages"
                : "";
            return new PhaseResult { Count = count, Error = Describe(exception) + done };
        }
        finally
        {
            await DisposeQuietlyAsync(client);
        }
    }

    /// <summary>Bytes allocated by the whole process per small emit (and per ack round trip) in a steady-state
    /// sequential loop; the argument array is reused, so only the library's own allocations count.</summary>
    private async Task<AllocationResult> MeasureAllocationAsync()
    {
        var client = createClient();
        try
        {
            await ConnectAsync(client);
            object?[] arguments = ["hello"];
            var perEmit = await AllocatedPerCallAsync(() => client.EmitAsync("noop", arguments));
            var perAck = await AllocatedPerCallAsync(() => client.AckAsync("ack", arguments));
            object?[] objectArguments = [spec.Message];
            var perObjectEmit = await AllocatedPerCallAsync(() => client.EmitAsync("noop", objectArguments));
            var perObjectAck = await AllocatedPerCallAsync(() => client.AckAsync("ack", objectArguments));
            return new AllocationResult
            {
                BytesPerEmit = perEmit,
                BytesPerAck = perAck,
                BytesPerObjectEmit = perObjectEmit,
                BytesPerObjectAck = perObjectAck,
                BytesPerReceivedEvent = await AllocatedPerReceivedEventAsync(client, payload: null),
                BytesPerReceivedObjectEvent = await AllocatedPerReceivedEventAsync(client, spec.Message),
            };
        }
        catch (Exception exception)
        {
            return new AllocationResult { Error = Describe(exception) };
        }
        finally
        {
            await DisposeQuietlyAsync(client);
        }
    }

    /// <summary>Bytes allocated by the whole process per event the server pushes (the harness's handler only counts):
    /// the receive path from the frame to the handler's argument, plus one request per batch.</summary>
    private async Task<double> AllocatedPerReceivedEventAsync(IBenchClient client, object? payload)
    {
        await Workloads.PushAsync(client, spec, spec.AllocWarmup, new Progress(), payload).WaitAsync(spec.PhaseTimeout);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Workloads.PushAsync(client, spec, spec.AllocCount, new Progress(), payload).WaitAsync(spec.PhaseTimeout);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        return (double)(after - before) / spec.AllocCount;
    }

    private async Task<double> AllocatedPerCallAsync(Func<Task> call)
    {
        async Task LoopAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await call();
            }
        }

        await LoopAsync(spec.AllocWarmup).WaitAsync(spec.PhaseTimeout);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await LoopAsync(spec.AllocCount).WaitAsync(spec.PhaseTimeout);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        return (double)(after - before) / spec.AllocCount;
    }

    /// <summary>Diagnostics: which types the emit and ack loops allocate (printed to stderr, not part of the comparison).</summary>
    public async Task<WorkerResult> RunAllocationProfileAsync()
    {
        var client = createClient();
        using var sampler = new AllocationSampler();
        try
        {
            await ConnectAsync(client);
            object?[] arguments = ["hello"];
            object?[] objectArguments = [spec.Message];
            foreach (var (name, call) in new (string, Func<Task>)[]
            {
                ("emit", () => client.EmitAsync("noop", arguments)), ("ack", () => client.AckAsync("ack", arguments)),
                ("object emit", () => client.EmitAsync("noop", objectArguments)), ("object ack", () => client.AckAsync("ack", objectArguments)),
            })
            {
                await AllocatedPerCallAsync(call);
                sampler.Start();
                var perCall = await AllocatedPerCallAsync(call);
                Console.Error.WriteLine($"{name}: {perCall:0} B per call; sampled by type:");
                PrintSamples(sampler);
            }

            // Receiving: the server pushes small events, then the object.
            foreach (var (name, payload) in new (string, object?)[] { ("push", null), ("object push", spec.Message) })
            {
                await Workloads.PushAsync(client, spec, spec.PushWarmup, new Progress(), payload);
                sampler.Start();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await Workloads.PushAsync(client, spec, spec.PushCount, new Progress(), payload).WaitAsync(spec.PhaseTimeout);
                var perEvent = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / spec.PushCount;
                Console.Error.WriteLine($"{name}: {perEvent:0} B per received event; sampled by type:");
                PrintSamples(sampler);
            }
        }
        finally
        {
            await DisposeQuietlyAsync(client);
        }

        return new WorkerResult { Client = clientName, Transport = transport };
    }

    private static void PrintSamples(AllocationSampler sampler)
    {
        foreach (var (type, bytes) in sampler.Stop().Take(25))
        {
            Console.Error.WriteLine($"  {bytes / 1024,10:N0} KiB  {type}");
        }
    }

    private async Task ConnectAsync(IBenchClient client)
    {
        using var limit = new CancellationTokenSource(spec.PhaseTimeout);
        await client.ConnectAsync(limit.Token).WaitAsync(limit.Token);
    }

    internal static async Task DisposeQuietlyAsync(IBenchClient client)
    {
        try
        {
            await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"dispose failed: {Describe(exception)}");
        }
    }

    private static (long Heap, long Rss) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    internal static string Describe(Exception exception)
    {
        var inner = exception is AggregateException { InnerException: { } first } ? first : exception;
        return inner is TimeoutException ? "timed out" : $"{inner.GetType().Name}: {inner.Message}";
    }
}
