using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>
/// Diagnostics for the first connect: with <c>E2E_JIT_LOG=1</c> a .NET worker listens to the runtime's own JIT and
/// loader events in-process (no tool needed) and, after the first connect, prints to stderr which methods were compiled
/// (grouped by namespace, with the compile time each group took) and which assemblies were loaded. The listener costs
/// time itself, so the first connect it measures is slower than without it; use it to attribute, not to time.
/// </summary>
internal sealed class JitLog : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private const EventKeywords LoaderKeyword = (EventKeywords)0x8;

    private readonly ConcurrentDictionary<ulong, (string Name, long Started)> _compiling = new();
    private readonly ConcurrentQueue<(string Name, double Ms)> _compiled = new();
    private readonly ConcurrentQueue<string> _assemblies = new();

    public static JitLog? FromEnvironment() => Environment.GetEnvironmentVariable("E2E_JIT_LOG") == "1" ? new JitLog() : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword | LoaderKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "MethodJittingStarted_V1" when e.Payload is { Count: > 5 } p:
                _compiling[(ulong)p[0]!] = ($"{p[4]}::{p[5]}", Stopwatch.GetTimestamp());
                break;
            case "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2" when e.Payload is { Count: > 0 } p && _compiling.TryRemove((ulong)p[0]!, out var started):
                _compiled.Enqueue((started.Name, Stopwatch.GetElapsedTime(started.Started).TotalMilliseconds));
                break;
            case "AssemblyLoad_V1" when e.Payload is { Count: > 4 } p:
                _assemblies.Enqueue($"{p[4]}");
                break;
        }
    }

    /// <summary>Prints what was compiled and loaded since the last call, and forgets it.</summary>
    public void Report(string what)
    {
        var compiled = new List<(string Name, double Ms)>();
        while (_compiled.TryDequeue(out var method))
        {
            compiled.Add(method);
        }

        Console.Error.WriteLine($"jit-log {what}: {compiled.Count} methods compiled, {compiled.Sum(m => m.Ms):0.0} ms in the JIT (with the listener's overhead)");
        foreach (var group in compiled.GroupBy(m => Namespace(m.Name)).OrderByDescending(g => g.Sum(m => m.Ms)))
        {
            Console.Error.WriteLine($"  {group.Sum(m => m.Ms),7:0.0} ms {group.Count(),5} methods  {group.Key}");
        }

        foreach (var method in compiled.OrderByDescending(m => m.Ms).Take(int.TryParse(Environment.GetEnvironmentVariable("E2E_JIT_TOP"), out var top) ? top : 15))
        {
            Console.Error.WriteLine($"  {method.Ms,7:0.00} ms  {method.Name}");
        }

        while (_assemblies.TryDequeue(out var assembly))
        {
            Console.Error.WriteLine($"  loaded {assembly}");
        }
    }

    private static string Namespace(string method)
    {
        var type = method[..Math.Max(0, method.IndexOf("::", StringComparison.Ordinal))];
        var generic = type.IndexOf('`', StringComparison.Ordinal);
        type = generic > 0 ? type[..generic] : type;
        var dot = type.LastIndexOf('.');
        return dot > 0 ? type[..dot] : type;
    }
}
