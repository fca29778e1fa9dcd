using System.Globalization;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Transports;

/// <summary>Turns the transports' own exceptions into <see cref="EngineIOException"/>s that keep the details.</summary>
internal static class TransportErrors
{
    public static EngineIOException FromPolling(PollingRequestException exception) =>
        new(exception.Message, exception.StatusCode, exception.ServerErrorCode, exception.ServerMessage, exception);

    // engine.io answers a refused WebSocket upgrade with its error message as plain text (e.g. "Session ID unknown").
    private static readonly string[] ServerErrorMessages =
    [
        "Transport unknown", "Session ID unknown", "Bad handshake method", "Bad request", "Forbidden", "Unsupported protocol version",
    ];

    public static EngineIOException FromWebSocketHandshake(WebSocketHandshakeException exception)
    {
        var body = exception.ResponseBody?.Trim();
        var code = body is null ? -1 : Array.FindIndex(ServerErrorMessages, m => body.Contains(m, StringComparison.Ordinal));
        return new EngineIOException(
            $"The WebSocket handshake failed: {exception.Message}",
            exception.StatusCode,
            code >= 0 ? code : null,
            code >= 0 ? ServerErrorMessages[code] : body,
            exception);
    }

    /// <summary>The server closed the WebSocket with a code other than a normal close (1000, or none).</summary>
    public static EngineIOException FromServerClose(int code, string? reason) =>
        new(string.IsNullOrEmpty(reason)
            ? string.Create(CultureInfo.InvariantCulture, $"The server closed the WebSocket with code {code}.")
            : string.Create(CultureInfo.InvariantCulture, $"The server closed the WebSocket with code {code}: {reason}"))
        {
            WebSocketCloseCode = code,
            WebSocketCloseReason = reason,
        };

    /// <summary>The WebSocket failed: this side closed it over a protocol violation or a limit, or it was lost.</summary>
    public static EngineIOException FromWebSocket(WebSocketProtocolException exception) =>
        new($"The WebSocket failed: {exception.Message}", exception)
        {
            WebSocketCloseCode = exception.CloseCode,
            WebSocketCloseReason = exception.Message,
        };
}
