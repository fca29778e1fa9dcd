namespace Tusk.EngineIO.Transports;

/// <summary>The names of the built-in transports, as used in the <c>transport</c> query parameter.</summary>
/// <remarks>
/// Thread safety: stateless; every member is safe to call from any thread, concurrently.
/// </remarks>
public static class EngineIoTransportNames
{
    /// <summary>HTTP long-polling.</summary>
    public const string Polling = "polling";

    /// <summary>WebSocket.</summary>
    public const string WebSocket = "websocket";
}
