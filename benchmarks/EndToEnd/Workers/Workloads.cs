using System.Diagnostics;
using Tusk.Benchmarks.EndToEnd.Clients;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>The phases' message patterns, the same as client.js's.</summary>
internal static class Workloads
{
    public static async Task SequentialAcksAsync(IBenchClient client, object?[] arguments, int count, double[]? microseconds)
    {
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.AckAsync("ack", arguments);
            if (microseconds is not null)
            {
                microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
    }

    /// <summary>Acks with <see cref="WorkloadSpec.InFlight"/> outstanding: each lane emits its next one when its ack arrives.</summary>
    public static Task PipelinedAcksAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress) =>
        PipelinedAcksAsync(client, spec, count, progress, payload: null);

    /// <summary>As above with <paramref name="payload"/> as every ack's argument (null: the ack's sequence number).</summary>
    public static Task PipelinedAcksAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress, object? payload)
    {
        var issued = 0;
        async Task LaneAsync()
        {
            int n;
            while ((n = Interlocked.Increment(ref issued)) <= count)
            {
                await client.AckAsync("ack", [payload ?? n]);
                progress.Add();
            }
        }

        return Task.WhenAll(Enumerable.Range(0, Math.Min(spec.InFlight, count)).Select(_ => LaneAsync()));
    }

    /// <summary>Events with <see cref="WorkloadSpec.InFlight"/> outstanding: every "echo" from the server triggers the next emit.</summary>
    public static Task EventRoundTripsAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress) =>
        EventRoundTripsAsync(client, spec, count, progress, payload: null);

    /// <summary>As above with <paramref name="payload"/> as every event's argument (null: a sequence number).</summary>
    public static async Task EventRoundTripsAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress, object? payload)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var initial = Math.Min(spec.InFlight, count);
        var issued = initial;
        var received = 0;
        using var subscription = client.On("echo", () =>
        {
            var arrived = Interlocked.Increment(ref received);
            progress.Add();
            if (arrived == count)
            {
                done.TrySetResult();
            }
            else if (Interlocked.Increment(ref issued) <= count)
            {
                Observe(client.EmitAsync("echo", [payload ?? arrived]), done);
            }
        });
        for (var i = 0; i < initial; i++)
        {
            Observe(client.EmitAsync("echo", [payload ?? i]), done);
        }

        await done.Task;
    }

    /// <summary>Asks the server for <paramref name="count"/> small events and waits until all arrived.</summary>
    public static Task PushAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress) =>
        PushAsync(client, spec, count, progress, payload: null);

    /// <summary>As above; the server pushes <paramref name="payload"/> (null: the string "tick").</summary>
    public static async Task PushAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress, object? payload)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = 0;
        using var subscription = client.On("p", () =>
        {
            progress.Add();
            if (Interlocked.Increment(ref received) == count)
            {
                done.TrySetResult();
            }
        });
        Observe(client.EmitAsync("push", payload is null ? [count] : [count, payload]), done);
        await done.Task;
    }

    /// <summary>Sequential binary echoes through the ack; the echoed length is checked.</summary>
    public static async Task BinaryEchoAsync(IBenchClient client, WorkloadSpec spec, int count, Progress progress)
    {
        var payload = new byte[spec.BinarySize];
        Array.Fill(payload, (byte)7);
        for (var i = 0; i < count; i++)
        {
            var echoed = await client.BinaryEchoAsync(payload);
            if (echoed != payload.Length)
            {
                throw new InvalidOperationException($"The binary echo returned {echoed} bytes instead of {payload.Length}.");
            }

            progress.Add();
        }
    }

    private static void Observe(Task send, TaskCompletionSource done)
    {
        if (!send.IsCompletedSuccessfully)
        {
            send.ContinueWith(
                static (failed, state) => ((TaskCompletionSource)state!).TrySetException(failed.Exception!.InnerExceptions),
                done,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
