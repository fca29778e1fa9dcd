using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Legacy;

internal sealed partial class LegacySession
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Trace, "Received a socket.io 0.9 {Type} packet for endpoint '{Endpoint}'.")]
        public static partial void PacketReceived(ILogger logger, LegacyPacketType type, string endpoint);

        [LoggerMessage(2, LogLevel.Warning, "The socket.io 0.9 server sent nothing within {Limit}; closing the session.")]
        public static partial void SilenceTimeout(ILogger logger, TimeSpan limit);

        [LoggerMessage(3, LogLevel.Debug, "The socket.io 0.9 {Transport} transport failed.")]
        public static partial void TransportFailed(ILogger logger, string transport, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "The socket.io 0.9 server reported an error: {Error}.")]
        public static partial void ServerError(ILogger logger, string error);

        [LoggerMessage(5, LogLevel.Debug, "Could not send a socket.io 0.9 {Type} packet.")]
        public static partial void ControlSendFailed(ILogger logger, LegacyPacketType type, Exception exception);

        [LoggerMessage(6, LogLevel.Debug, "Closing the socket.io 0.9 session failed.")]
        public static partial void CloseFailed(ILogger logger, Exception exception);

        [LoggerMessage(7, LogLevel.Warning, "The socket.io 0.9 send loop did not stop in time.")]
        public static partial void WriterDidNotStop(ILogger logger);

        [LoggerMessage(8, LogLevel.Warning, "The socket.io 0.9 server took nothing the client wrote within {Limit} (its heartbeat timeout); closing the session.")]
        public static partial void WriteStalled(ILogger logger, TimeSpan limit);

        [LoggerMessage(9, LogLevel.Warning, "The socket.io 0.9 server asked for more replies than it read ({Count} replies, {Bytes} bytes waiting); closing the session.")]
        public static partial void RepliesOverflowed(ILogger logger, long count, long bytes);
    }
}
