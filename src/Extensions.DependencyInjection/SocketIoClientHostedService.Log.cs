using Microsoft.Extensions.Logging;
using Tusk.Internal;

namespace Tusk.Extensions.DependencyInjection;

internal sealed partial class SocketIoClientHostedService
{
    private static partial class Log
    {
        // The URL is logged redacted (no user-info, query values masked); the redaction runs only when the level is on.
        public static void Connected(ILogger logger, string clientName, Uri serverUri)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                Connected(logger, clientName, UriRedactor.Redact(serverUri));
            }
        }

        [LoggerMessage(1, LogLevel.Information, "Socket.IO client '{ClientName}' connected to {ServerUri}.", EventName = "Connected", SkipEnabledCheck = true)]
        private static partial void Connected(ILogger logger, string clientName, string serverUri);

        [LoggerMessage(2, LogLevel.Information, "Socket.IO client '{ClientName}' disconnected.", EventName = "Disconnected")]
        public static partial void Disconnected(ILogger logger, string clientName);

        [LoggerMessage(3, LogLevel.Warning, "Disconnecting Socket.IO client '{ClientName}' failed.", EventName = "DisconnectFailed")]
        public static partial void DisconnectFailed(ILogger logger, string clientName, Exception exception);
    }
}
