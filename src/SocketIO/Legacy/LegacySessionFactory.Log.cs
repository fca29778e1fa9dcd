using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Legacy;

internal sealed partial class LegacySessionFactory
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "socket.io 0.9 handshake: session {SessionId}, server transports {Transports}.")]
        public static partial void Handshaken(ILogger logger, string sessionId, string transports);

        [LoggerMessage(2, LogLevel.Debug, "socket.io 0.9 session {SessionId} opened over {Transport}.")]
        public static partial void TransportOpened(ILogger logger, string transport, string sessionId);

        [LoggerMessage(3, LogLevel.Information, "The socket.io 0.9 {Transport} transport could not be opened; trying the next one.")]
        public static partial void TransportFailed(ILogger logger, string transport, Exception exception);
    }
}
