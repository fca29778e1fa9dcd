// Each fixture starts its own Node, Redis, HAProxy and nginx processes on free ports (or shares SharedEnvironment's),
// and most of its time is real-time waiting (cluster start-up, node restarts, reconnections). Four at once: the three
// fixtures with a cluster of their own (RollingRestartTests, NodeLossTests, StreamsRecoveryTests) each get a worker
// from the start, and the fixtures on the shared cluster take the fourth (and the others' once NodeLossTests and
// StreamsRecoveryTests, which kill or stop a node once for all their tests, are done after a few seconds). With three,
// StreamsRecoveryTests waited for a worker and ran alone at the end. Eight did not measurably help (alternating runs at
// load 16-20 too noisy to tell; the machine has two cores and the fixtures also use CPU).
[assembly: LevelOfParallelism(4)]
