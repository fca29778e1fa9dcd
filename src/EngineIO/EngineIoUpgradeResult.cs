namespace Tusk.EngineIO;

/// <summary>How the session's transport settled after <see cref="EngineIoClient.ConnectAsync"/>: the result of
/// <see cref="EngineIoClient.UpgradeCompletion"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoUpgradeResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="status">Whether an upgrade was tried and how it went.</param>
    /// <param name="transportName">The transport the session is on; null when it never opened.</param>
    /// <param name="exception">Why the upgrade failed, or why the session never opened; null otherwise.</param>
    public EngineIoUpgradeResult(EngineIoUpgradeStatus status, string? transportName, Exception? exception = null)
    {
        Status = status;
        TransportName = transportName;
        Exception = exception;
    }

    /// <summary>Whether an upgrade was tried and how it went.</summary>
    public EngineIoUpgradeStatus Status { get; }

    /// <summary>The transport the session settled on (e.g. <c>websocket</c> after an upgrade, <c>polling</c> after a
    /// failed one); null when the session never opened.</summary>
    public string? TransportName { get; }

    /// <summary>Why the upgrade failed, or why the session never opened; null otherwise.</summary>
    public Exception? Exception { get; }

    /// <inheritdoc />
    public override string ToString() => Exception is null ? $"{Status} ({TransportName})" : $"{Status} ({TransportName}): {Exception.Message}";
}
