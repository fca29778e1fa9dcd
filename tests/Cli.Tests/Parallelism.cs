// The CLI tests wait on the tool's process and on Node servers, not the CPU: more workers than one per core (2 on CI).
// TerminalTests stays [NonParallelizable]: it drives a pseudo-terminal and times its own session.
[assembly: LevelOfParallelism(4)]
