// Waits on the sample server and Node servers, not the CPU: more workers than one per core (2 on CI). SnippetRunTests
// runs its snippets one at a time (they capture Console.Out), beside the other fixtures.
[assembly: LevelOfParallelism(4)]
