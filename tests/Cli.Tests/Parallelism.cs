// The CLI tests wait on the tool's process and on Node servers, not the CPU: more workers than one per core (2 on CI).
// TerminalTests stays [NonParallelizable], as it was: the real tool in a pseudo-terminal, alone.
[assembly: LevelOfParallelism(4)]
