namespace Tusk.EngineIO.Transports;

/// <summary>The names of the built-in transports, as used in the <c>transport</c> query parameter.</summary>
public static class EngineIoTransportNames
{
    /// <summary>HTTP long-polling.</summary>
    public const string Polling = "polling";

    /// <summary>WebSocket.</summary>
    public const string WebSocket = "websocket";
}
