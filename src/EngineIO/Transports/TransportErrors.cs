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
}
