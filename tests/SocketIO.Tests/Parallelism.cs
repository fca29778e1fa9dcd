// Most of this assembly's time is spent waiting on Node servers and the loopback network, not on the CPU: NUnit's
// default of one worker per core (2 on the CI machine) left both cores mostly idle. Fixtures that share state say so
// with [NonParallelizable]; servers are shared per module and options (TestServers) or started on free ports.
[assembly: LevelOfParallelism(6)]
