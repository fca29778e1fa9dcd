namespace Tusk.EngineIO;

/// <summary>Why an Engine.IO session ended.</summary>
public enum EngineIoCloseReason
{
    /// <summary>The application called <see cref="EngineIoClient.CloseAsync"/> or disposed the client.</summary>
    ClientClose,

    /// <summary>The server ended the session: a close packet, or over WebSocket (where engine.io sends none) a normal
    /// close (code 1000, or no code). Both transports report the same server action the same way.</summary>
    ServerClose,

    /// <summary>The heartbeat failed: no ping (revision 4) or no pong (revision 3) arrived in time.</summary>
    PingTimeout,

    /// <summary>The transport failed: an HTTP error, a broken connection, an undecodable packet, or a WebSocket closed
    /// with any code but a normal close (<see cref="EngineIoException.WebSocketCloseCode"/> tells which).</summary>
    TransportError,

    /// <summary>A transport reported that the peer closed it without a close packet (an empty receive, e.g. from a
    /// custom transport).</summary>
    TransportClose,
}
