using Microsoft.Extensions.Logging;

namespace Tusk.Extensions.DependencyInjection;

internal sealed partial class DefaultSocketIoClientFactory
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Created Socket.IO client '{ClientName}' for {ServerUri}.", EventName = "ClientCreated")]
        public static partial void ClientCreated(ILogger logger, string clientName, Uri serverUri);

        [LoggerMessage(2, LogLevel.Debug, "Disposed Socket.IO client '{ClientName}'.", EventName = "ClientDisposed")]
        public static partial void ClientDisposed(ILogger logger, string clientName);

        [LoggerMessage(3, LogLevel.Warning, "Disposing Socket.IO client '{ClientName}' failed.", EventName = "ClientDisposeFailed")]
        public static partial void ClientDisposeFailed(ILogger logger, string clientName, Exception exception);
    }
}
