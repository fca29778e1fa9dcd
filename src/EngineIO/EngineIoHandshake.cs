namespace Tusk.EngineIO;

/// <summary>The data of the server's <c>open</c> packet.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoHandshake
{
    /// <summary>Creates handshake data.</summary>
    /// <param name="sid">The session id.</param>
    /// <param name="upgrades">The transports the session may upgrade to.</param>
    /// <param name="pingInterval">The heartbeat interval.</param>
    /// <param name="pingTimeout">The heartbeat timeout.</param>
    /// <param name="maxPayload">The largest polling body the server accepts, if it announced one.</param>
    public EngineIoHandshake(string sid, IReadOnlyList<string> upgrades, TimeSpan pingInterval, TimeSpan pingTimeout, long? maxPayload)
    {
        ArgumentNullException.ThrowIfNull(sid);
        ArgumentNullException.ThrowIfNull(upgrades);
        Sid = sid;
        Upgrades = upgrades;
        PingInterval = pingInterval;
        PingTimeout = pingTimeout;
        MaxPayload = maxPayload;
    }

    /// <summary>The session id, sent as <c>sid</c> on every later request.</summary>
    public string Sid { get; }

    /// <summary>The transports the server allows upgrading to (e.g. <c>websocket</c>); empty on a WebSocket session.</summary>
    public IReadOnlyList<string> Upgrades { get; }

    /// <summary>How often a ping is sent (by the client in revision 3, by the server in revision 4).</summary>
    public TimeSpan PingInterval { get; }

    /// <summary>How long the pinging side waits for the pong.</summary>
    public TimeSpan PingTimeout { get; }

    /// <summary>The largest polling request body, in bytes, the server accepts (revision 4, engine.io 6.2+); null if not
    /// announced, or announced as 0 or less (no limit, as engine.io-client reads it).</summary>
    public long? MaxPayload { get; }
}
