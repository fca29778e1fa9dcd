namespace Tusk.Transport.WebSocket;

/// <summary>What a received or sent WebSocket message carries.</summary>
public enum WebSocketMessageKind
{
    /// <summary>A text message: UTF-8, validated on receipt.</summary>
    Text,

    /// <summary>A binary message: opaque bytes.</summary>
    Binary,

    /// <summary>The peer closed the connection; <see cref="WebSocketConnection.CloseCode"/> tells why.</summary>
    Close,
}
