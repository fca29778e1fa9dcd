namespace Tusk.Transport.WebSocket;

/// <summary>Where a <see cref="WebSocketConnection"/> is in its life.</summary>
public enum WebSocketConnectionState
{
    /// <summary>Messages flow both ways.</summary>
    Open,

    /// <summary>This side sent its close frame and waits for the peer's.</summary>
    CloseSent,

    /// <summary>The peer's close frame arrived; no more messages will be received.</summary>
    CloseReceived,

    /// <summary>The close handshake completed.</summary>
    Closed,

    /// <summary>The connection failed or was aborted without a complete close handshake.</summary>
    Aborted,
}
