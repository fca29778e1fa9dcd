using Microsoft.Extensions.Logging;
using Tusk.Internal;

namespace Tusk.EngineIO.Transports;

internal sealed partial class WebSocketTransport
{
    private static partial class Log
    {
        // The URL is logged redacted (no user-info, query values masked); the redaction runs only when the level is on.
        public static void Connecting(ILogger logger, Uri uri)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Connecting(logger, UriRedactor.Redact(uri));
            }
        }

        [LoggerMessage(200, LogLevel.Debug, "Opening the WebSocket transport to {Uri}.", EventName = "WebSocketConnecting", SkipEnabledCheck = true)]
        private static partial void Connecting(ILogger logger, string uri);

        [LoggerMessage(201, LogLevel.Debug, "The server closed the WebSocket (code {CloseCode}, reason '{CloseReason}').", EventName = "WebSocketClosedByPeer")]
        public static partial void ClosedByPeer(ILogger logger, int? closeCode, string? closeReason);
    }
}
