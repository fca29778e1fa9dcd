using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Transports;

/// <summary>Turns the transports' own exceptions into <see cref="EngineIOException"/>s that keep the details.</summary>
internal static class TransportErrors
{
    public static EngineIOException FromPolling(PollingRequestException exception) =>
        new(exception.Message, exception.StatusCode, exception.ServerErrorCode, exception.ServerMessage, exception);

    public static EngineIOException FromWebSocketHandshake(WebSocketHandshakeException exception) =>
        new($"The WebSocket handshake failed: {exception.Message}", exception.StatusCode, null, exception.ResponseBody, exception);
}
