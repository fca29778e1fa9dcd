using Tusk.Benchmarks.Scale;

// No "worker" argument: the whole benchmark (servers, workers, steps, report; see README.md). "worker": one client
// process, started by the benchmark, driven by lines on its stdin.
return args is ["worker", ..]
    ? await Worker.RunAsync()
    : await Orchestrator.RunAsync(args);
