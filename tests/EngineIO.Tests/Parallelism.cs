// Mostly waits on Node servers and loopback sockets, not the CPU: more workers than the default one per core (2 on CI).
// Allocation-measuring tests count the current thread's bytes only, so other workers do not disturb them.
[assembly: LevelOfParallelism(6)]
