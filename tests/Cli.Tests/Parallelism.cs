// The CLI tests wait on the tool's process and on Node servers, not the CPU: more workers than one per core (2 on CI).
// TerminalTests (the real tool in a pseudo-terminal, with its own sample server) runs beside the others too: alone, it
// was the assembly's last 4 s.
[assembly: LevelOfParallelism(4)]
