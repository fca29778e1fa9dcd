// Each fixture starts its own Node, Redis, HAProxy and nginx processes on free ports (or shares SharedEnvironment's),
// and most of its time is real-time waiting (node restarts, reconnections). Three at once, not more: the rolling
// restart and the thousand clients need CPU headroom on the 2-core CI machine beside the other assemblies.
[assembly: LevelOfParallelism(3)]
