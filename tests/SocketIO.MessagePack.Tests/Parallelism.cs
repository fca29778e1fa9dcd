// Waits on Node servers, not the CPU: more workers than one per core (2 on CI).
[assembly: LevelOfParallelism(4)]
