namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIoClient.Closed"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoClosedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="reason">Why the session ended.</param>
    /// <param name="exception">The failure, if the session ended because of one.</param>
    public EngineIoClosedEventArgs(EngineIoCloseReason reason, Exception? exception)
    {
        Reason = reason;
        Exception = exception;
    }

    /// <summary>Why the session ended.</summary>
    public EngineIoCloseReason Reason { get; }

    /// <summary>The failure, if the session ended because of one.</summary>
    public Exception? Exception { get; }
}
