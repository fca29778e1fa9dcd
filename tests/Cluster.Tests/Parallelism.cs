// Each fixture starts its own Node, Redis, HAProxy and nginx processes on free ports (or shares SharedEnvironment's),
// and most of its time is real-time waiting (cluster start-up, node restarts, reconnections). Four at once: the three
// fixtures with a cluster of their own (RollingRestartTests, NodeLossTests, StreamsRecoveryTests: their tests run one
// at a time) each get a worker from the start, and the fixtures on the shared cluster take the fourth; with three,
// StreamsRecoveryTests waited for a worker and ran alone at the end (the assembly took 41-50 s at load 3-16; with four
// and the held reconnection delay of StreamsRecoveryTests, 28 s at load 4.5).
[assembly: LevelOfParallelism(4)]
