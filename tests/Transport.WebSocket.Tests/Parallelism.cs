// The hostile-server tests wait on loopback sockets: more workers than one per core (2 on CI).
[assembly: LevelOfParallelism(4)]
