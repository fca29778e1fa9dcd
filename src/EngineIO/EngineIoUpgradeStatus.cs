namespace Tusk.EngineIO;

/// <summary>How the session's transport settled after <see cref="EngineIoClient.ConnectAsync"/>
/// (<see cref="EngineIoClient.UpgradeCompletion"/>).</summary>
public enum EngineIoUpgradeStatus
{
    /// <summary>No upgrade was tried: <see cref="EngineIoClientOptions.Upgrade"/> is off, the server offers no
    /// transport from <see cref="EngineIoClientOptions.Transports"/> beyond the current one, or the session never opened.</summary>
    NotAttempted,

    /// <summary>The session moved to the new transport.</summary>
    Upgraded,

    /// <summary>The upgrade was refused, failed or timed out, or the session ended during it; the session stayed on
    /// its transport (if it is still open).</summary>
    Failed,
}
