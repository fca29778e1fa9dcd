using Microsoft.Extensions.Logging;

namespace Tusk.Extensions.DependencyInjection;

internal sealed partial class SocketIoClientHostedService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Socket.IO client '{ClientName}' connected to {ServerUri}.", EventName = "Connected")]
        public static partial void Connected(ILogger logger, string clientName, Uri serverUri);

        [LoggerMessage(2, LogLevel.Information, "Socket.IO client '{ClientName}' disconnected.", EventName = "Disconnected")]
        public static partial void Disconnected(ILogger logger, string clientName);

        [LoggerMessage(3, LogLevel.Warning, "Disconnecting Socket.IO client '{ClientName}' failed.", EventName = "DisconnectFailed")]
        public static partial void DisconnectFailed(ILogger logger, string clientName, Exception exception);
    }
}
