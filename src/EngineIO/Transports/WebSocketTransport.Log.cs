using Microsoft.Extensions.Logging;

namespace Tusk.EngineIO.Transports;

internal sealed partial class WebSocketTransport
{
    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Debug, "Opening the WebSocket transport to {Uri}.", EventName = "WebSocketConnecting")]
        public static partial void Connecting(ILogger logger, Uri uri);

        [LoggerMessage(201, LogLevel.Debug, "The server closed the WebSocket (code {CloseCode}, reason '{CloseReason}').", EventName = "WebSocketClosedByPeer")]
        public static partial void ClosedByPeer(ILogger logger, int? closeCode, string? closeReason);
    }
}
