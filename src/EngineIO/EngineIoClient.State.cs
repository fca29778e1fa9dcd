namespace Tusk.EngineIO;

public sealed partial class EngineIoClient
{
    /// <summary>The current state; any thread may read it.</summary>
    private EngineIoClientState State => (EngineIoClientState)Volatile.Read(ref _state);

    /// <summary>
    /// Moves the state from <paramref name="from"/> to <paramref name="to"/> if, and only if, it is
    /// <paramref name="from"/> (atomically, so of two racing callers exactly one wins), and logs the move.
    /// </summary>
    /// <returns>Whether this call made the move.</returns>
    private bool TryTransition(EngineIoClientState from, EngineIoClientState to)
    {
        if (Interlocked.CompareExchange(ref _state, (int)to, (int)from) != (int)from)
        {
            return false;
        }

        Log.StateChanged(_logger, from, to);
        return true;
    }
}
