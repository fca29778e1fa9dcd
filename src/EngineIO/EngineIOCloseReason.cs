namespace Tusk.EngineIO;

/// <summary>Why an Engine.IO session ended.</summary>
public enum EngineIOCloseReason
{
    /// <summary>The application called <see cref="EngineIOClient.CloseAsync"/> or disposed the client.</summary>
    ClientClose,

    /// <summary>The server sent a close packet.</summary>
    ServerClose,

    /// <summary>The heartbeat failed: no ping (revision 4) or no pong (revision 3) arrived in time.</summary>
    PingTimeout,

    /// <summary>The transport failed: an HTTP error, a broken connection, or an undecodable packet.</summary>
    TransportError,

    /// <summary>The transport was closed by the peer without a close packet (e.g. the WebSocket was closed).</summary>
    TransportClose,
}
