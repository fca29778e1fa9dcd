namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIOClient.Closed"/>.</summary>
public sealed class EngineIOClosedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="reason">Why the session ended.</param>
    /// <param name="exception">The failure, if the session ended because of one.</param>
    public EngineIOClosedEventArgs(EngineIOCloseReason reason, Exception? exception)
    {
        Reason = reason;
        Exception = exception;
    }

    /// <summary>Why the session ended.</summary>
    public EngineIOCloseReason Reason { get; }

    /// <summary>The failure, if the session ended because of one.</summary>
    public Exception? Exception { get; }
}
