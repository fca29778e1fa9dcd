// The CLI tests wait on the tool's process and on Node servers, not the CPU: more workers than one per core (2 on CI).
// TerminalTests (the real tool in a pseudo-terminal, with its own sample server) runs beside the others too: alone, it
// was the assembly's last 4 s. Eight workers rather than four: the assembly's tests add up to 60-75 s, nearly all of it
// waiting (bench windows, timeouts of 1 s, Node servers), and with four the assembly took 14-16 s against 12-13 s with
// eight (alternating runs at load 7-10), which is its longest test, the 8-s window of the server that goes away.
[assembly: LevelOfParallelism(8)]
