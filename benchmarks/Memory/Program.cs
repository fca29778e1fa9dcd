using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tusk.Benchmarks.Memory;

// Memory benchmark: peak and retained managed memory of the client in the cases issue 14 measured. Not a timed test.
//   dotnet run -c Release --project benchmarks/Memory                       # every scenario, 3 runs each, medians
//   dotnet run -c Release --project benchmarks/Memory -- --runs 5 --only polling-event-90MB
//   dotnet run -c Release --project benchmarks/Memory -- --scenario NAME    # one run in this process (what the driver spawns)
const string ResultPrefix = "MEMORY_RESULT ";

if (Argument("--scenario") is { } name)
{
    var result = await Scenarios.All[name].Run();
    Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
    return 0;
}

var runs = int.Parse(Argument("--runs") ?? "3", CultureInfo.InvariantCulture);
var only = Argument("--only");
var self = Environment.ProcessPath!;
var dll = typeof(Scenarios).Assembly.Location;
Console.WriteLine($"Memory benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {runs} runs per scenario (medians; MB = 10^6 bytes)");
Console.WriteLine();
Console.WriteLine("| Scenario | Peak managed (MB) | Allocated (MB) | Retained after GC (MB) | Peak RSS (MB) | Outcome |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");
foreach (var (scenario, (description, _)) in Scenarios.All)
{
    if (only is not null && scenario != only)
    {
        continue;
    }

    var results = new List<Result>();
    for (var i = 0; i < runs; i++)
    {
        results.Add(await RunChildAsync(scenario));
    }

    Console.WriteLine($"| `{scenario}` {description} | {Median(r => r.Peak)} | {Median(r => r.Allocated)} | {Median(r => r.Retained)} | {Median(r => r.PeakRss)} | {results[^1].Outcome} |");

    string Median(Func<Result, long> pick)
    {
        var values = results.Select(pick).Order().ToList();
        return (values[values.Count / 2] / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
    }
}

return 0;

async Task<Result> RunChildAsync(string scenario)
{
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    if (!self.EndsWith("Tusk.Benchmarks.Memory", StringComparison.Ordinal))
    {
        start.ArgumentList.Add(dll);
    }

    start.ArgumentList.Add("--scenario");
    start.ArgumentList.Add(scenario);
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{scenario} produced no result (exit {process.ExitCode}): {await error}");
    return JsonSerializer.Deserialize<Result>(line[ResultPrefix.Length..])!;
}

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
