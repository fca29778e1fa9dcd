using Microsoft.Extensions.Logging;
using Tusk.Internal;

namespace Tusk.Extensions.DependencyInjection;

internal sealed partial class DefaultSocketIoClientFactory
{
    private static partial class Log
    {
        // The URL is logged redacted (no user-info, query values masked); the redaction runs only when the level is on.
        public static void ClientCreated(ILogger logger, string clientName, Uri serverUri)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                ClientCreated(logger, clientName, UriRedactor.Redact(serverUri));
            }
        }

        [LoggerMessage(1, LogLevel.Debug, "Created Socket.IO client '{ClientName}' for {ServerUri}.", EventName = "ClientCreated", SkipEnabledCheck = true)]
        private static partial void ClientCreated(ILogger logger, string clientName, string serverUri);

        [LoggerMessage(2, LogLevel.Debug, "Disposed Socket.IO client '{ClientName}'.", EventName = "ClientDisposed")]
        public static partial void ClientDisposed(ILogger logger, string clientName);

        [LoggerMessage(3, LogLevel.Warning, "Disposing Socket.IO client '{ClientName}' failed.", EventName = "ClientDisposeFailed")]
        public static partial void ClientDisposeFailed(ILogger logger, string clientName, Exception exception);
    }
}
