namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>How many messages of a phase completed, for the error text when a client stalls or crashes mid-phase.</summary>
internal sealed class Progress
{
    private int _done;

    public int Done => Volatile.Read(ref _done);

    public void Add() => Interlocked.Increment(ref _done);
}
