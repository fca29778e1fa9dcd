namespace Tusk.SocketIO;

/// <summary>Why a namespace socket disconnected; the same reasons the JavaScript client reports.</summary>
public enum SocketIoDisconnectReason
{
    /// <summary><c>io server disconnect</c>: the server called <c>socket.disconnect()</c>. No automatic reconnection.</summary>
    IoServerDisconnect,

    /// <summary><c>io client disconnect</c>: this client called <c>DisconnectAsync</c>. No automatic reconnection.</summary>
    IoClientDisconnect,

    /// <summary><c>ping timeout</c>: the server's heartbeat stopped. Reconnects.</summary>
    PingTimeout,

    /// <summary><c>transport close</c>: the connection was closed (by the server or the network). Reconnects.</summary>
    TransportClose,

    /// <summary><c>transport error</c>: an HTTP or WebSocket error broke the connection. Reconnects.</summary>
    TransportError,

    /// <summary><c>parse error</c>: the server sent a packet that could not be decoded. Reconnects.</summary>
    ParseError,

    /// <summary><c>forced close</c>: the client closed the whole connection (for example on dispose). No reconnection.</summary>
    ForcedClose,
}

/// <summary>Helpers for <see cref="SocketIoDisconnectReason"/>.</summary>
/// <remarks>
/// Thread safety: stateless; every member is safe to call from any thread, concurrently.
/// </remarks>
public static class SocketIoDisconnectReasonExtensions
{
    /// <summary>The reason string the JavaScript client uses, e.g. <c>"io server disconnect"</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The JavaScript client's text for <paramref name="reason"/>.</returns>
    public static string ToJsReason(this SocketIoDisconnectReason reason) => reason switch
    {
        SocketIoDisconnectReason.IoServerDisconnect => "io server disconnect",
        SocketIoDisconnectReason.IoClientDisconnect => "io client disconnect",
        SocketIoDisconnectReason.PingTimeout => "ping timeout",
        SocketIoDisconnectReason.TransportClose => "transport close",
        SocketIoDisconnectReason.TransportError => "transport error",
        SocketIoDisconnectReason.ParseError => "parse error",
        SocketIoDisconnectReason.ForcedClose => "forced close",
        _ => reason.ToString(),
    };

    /// <summary>Whether the client reconnects by itself after a disconnect for this reason.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns><see langword="true"/> for transport-level losses, <see langword="false"/> for deliberate disconnects.</returns>
    public static bool AllowsReconnection(this SocketIoDisconnectReason reason) => reason is
        SocketIoDisconnectReason.PingTimeout or SocketIoDisconnectReason.TransportClose or
        SocketIoDisconnectReason.TransportError or SocketIoDisconnectReason.ParseError;
}
