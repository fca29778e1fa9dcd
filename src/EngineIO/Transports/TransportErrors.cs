using System.Globalization;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Transports;

/// <summary>Turns the transports' own exceptions into <see cref="EngineIoException"/>s that keep the details.</summary>
internal static class TransportErrors
{
    // Engine.IO error code 1: the request names a session this server does not know.
    private const int SessionIdUnknown = 1;

    // The transports know HTTP; what an unknown session means is Engine.IO's to say. On a server that is up, the usual
    // cause is a request of the session that a load balancer sent to another node.
    private const string StickySessionsHint =
        " The server does not know this session. If it runs on several nodes behind a load balancer, every request of a" +
        " session must reach the node that created it: enable sticky sessions on the balancer (a cookie, or the client" +
        " address), or use the WebSocket transport only.";

    public static EngineIoException FromPolling(PollingRequestException exception) =>
        new(WithHint(exception.Message, exception.ServerErrorCode), exception.StatusCode, exception.ServerErrorCode, exception.ServerMessage, exception);

    // engine.io answers a refused WebSocket upgrade with its error message as plain text (e.g. "Session ID unknown").
    private static readonly string[] ServerErrorMessages =
    [
        "Transport unknown", "Session ID unknown", "Bad handshake method", "Bad request", "Forbidden", "Unsupported protocol version",
    ];

    public static EngineIoException FromWebSocketHandshake(WebSocketHandshakeException exception)
    {
        var body = exception.ResponseBody?.Trim();
        var code = body is null ? -1 : Array.FindIndex(ServerErrorMessages, m => body.Contains(m, StringComparison.Ordinal));
        return new EngineIoException(
            WithHint($"The WebSocket handshake failed: {exception.Message}", code),
            exception.StatusCode,
            code >= 0 ? code : null,
            code >= 0 ? ServerErrorMessages[code] : body,
            exception);
    }

    /// <summary>The server closed the WebSocket with a code other than a normal close (1000, or none).</summary>
    public static EngineIoException FromServerClose(int code, string? reason) =>
        new(string.IsNullOrEmpty(reason)
            ? string.Create(CultureInfo.InvariantCulture, $"The server closed the WebSocket with code {code}.")
            : string.Create(CultureInfo.InvariantCulture, $"The server closed the WebSocket with code {code}: {Tusk.Internal.ServerTextPreview.Of(reason)}"))
        {
            WebSocketCloseCode = code,
            WebSocketCloseReason = reason,
        };

    /// <summary>The WebSocket failed: this side closed it over a protocol violation or a limit, or it was lost.</summary>
    public static EngineIoException FromWebSocket(WebSocketProtocolException exception) =>
        new($"The WebSocket failed: {exception.Message}", exception)
        {
            WebSocketCloseCode = exception.CloseCode,
            WebSocketCloseReason = exception.Message,
        };

    /// <summary>The WebSocket had already failed (as <see cref="FromWebSocket"/> reports it) when a write was attempted.</summary>
    public static EngineIoException FromWebSocketFailure(int code, string? reason) =>
        new($"The WebSocket failed: {reason ?? string.Create(CultureInfo.InvariantCulture, $"close code {code}")}")
        {
            WebSocketCloseCode = code,
            WebSocketCloseReason = reason,
        };

    private static string WithHint(string message, int? serverErrorCode) =>
        serverErrorCode == SessionIdUnknown ? message + StickySessionsHint : message;
}
