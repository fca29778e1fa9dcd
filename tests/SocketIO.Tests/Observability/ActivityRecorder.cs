using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tusk.SocketIO.Tests.Observability;

/// <summary>
/// Records, with an <see cref="ActivityListener"/>, the activities of the Socket.IO and Engine.IO sources that belong
/// to one test: those in the trace of the root activity it starts (<see cref="Root"/>, current for the test's code
/// until disposed) or linked to it. Tests running in parallel each have their own trace.
/// </summary>
public sealed class ActivityRecorder : IDisposable
{
    private const string TestSourceName = "Tusk.Tests.Observability";

    // Compared by name: the source asks the listeners while it is being constructed, before this field is set.
    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity? _root;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SocketIoDiagnostics.ActivitySourceName or "Tusk.EngineIO" || source.Name == TestSourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (_root is { } root && (activity.TraceId == root.TraceId || activity.Links.Any(l => l.Context.TraceId == root.TraceId)))
                {
                    _stopped.Enqueue(activity);
                    TaskCompletionSource changed;
                    lock (_gate)
                    {
                        changed = _changed;
                        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    changed.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test", ActivityKind.Internal, parentContext: default)
            ?? throw new InvalidOperationException($"No root activity: listeners={TestSource.HasListeners()}, current={Activity.Current?.OperationName}");
    }

    /// <summary>The test's root activity.</summary>
    public Activity Root => _root!;

    /// <summary>The stopped activities of this test called <paramref name="operationName"/>, in the order they stopped.</summary>
    public IReadOnlyList<Activity> Stopped(string operationName) => _stopped.Where(a => a.OperationName == operationName).ToList();

    /// <summary>
    /// Waits, at most <paramref name="timeout"/>, until <paramref name="count"/> activities called
    /// <paramref name="operationName"/> have stopped, and returns them in the order they stopped. For activities that
    /// stop on a thread of their own (an upgrade, a reconnection attempt), after the event the test awaited.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> StoppedAsync(string operationName, int count, TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var stopped = Stopped(operationName);
            if (stopped.Count >= count)
            {
                return stopped;
            }

            try
            {
                await changed.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{stopped.Count} of {count} '{operationName}' activities stopped within {timeout}.");
            }
        }
    }

    public void Dispose()
    {
        Root.Dispose();
        _listener.Dispose();
    }
}
