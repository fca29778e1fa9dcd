namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIoClient.Upgraded"/> and <see cref="EngineIoClient.UpgradeFailed"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoUpgradeEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="transportName">The transport the client upgraded (or tried to upgrade) to.</param>
    /// <param name="exception">Why the upgrade failed; null on success.</param>
    public EngineIoUpgradeEventArgs(string transportName, Exception? exception = null)
    {
        TransportName = transportName;
        Exception = exception;
    }

    /// <summary>The transport the client upgraded (or tried to upgrade) to.</summary>
    public string TransportName { get; }

    /// <summary>Why the upgrade failed; null on success.</summary>
    public Exception? Exception { get; }
}
