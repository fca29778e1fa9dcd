using Tusk.Benchmarks.EndToEnd;
using Tusk.Benchmarks.EndToEnd.Workers;

// No arguments: the whole comparison (see benchmarks/README.md). "worker ...": one .NET client's run, started
// by the comparison as a child process.
return args is ["worker", ..]
    ? await WorkerEntry.RunAsync(args[1..])
    : await Comparison.RunAsync(ComparisonOptions.Parse(args));
