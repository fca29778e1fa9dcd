using Microsoft.Extensions.Logging;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    internal static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Failing the WebSocket connection with close code {CloseCode}: {Reason}", EventName = "ProtocolViolation")]
        public static partial void ProtocolViolation(ILogger logger, int closeCode, string reason);

        [LoggerMessage(2, LogLevel.Debug, "The close frame could not be sent while failing the connection.", EventName = "CloseFrameNotSent")]
        public static partial void CloseFrameNotSent(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "The WebSocket connection was lost without a close frame.", EventName = "ConnectionLost")]
        public static partial void ConnectionLost(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "A receive was cancelled; the connection is aborted.", EventName = "ReceiveCancelled")]
        public static partial void ReceiveCancelled(ILogger logger);

        [LoggerMessage(5, LogLevel.Debug, "A ping was not answered because the send buffer is full.", EventName = "PongSkipped")]
        public static partial void PongSkipped(ILogger logger);

        [LoggerMessage(6, LogLevel.Debug, "Sent close frame {CloseCode}.", EventName = "CloseSent")]
        public static partial void CloseSent(ILogger logger, int closeCode);

        [LoggerMessage(7, LogLevel.Debug, "Received close frame {CloseCode} {Reason}.", EventName = "CloseReceived")]
        public static partial void CloseReceived(ILogger logger, int closeCode, string? reason);

        [LoggerMessage(8, LogLevel.Warning, "The close handshake did not finish within {Timeout}; the connection is dropped.", EventName = "CloseTimedOut")]
        public static partial void CloseTimedOut(ILogger logger, TimeSpan timeout);

        [LoggerMessage(9, LogLevel.Debug, "The connection failed during the close handshake.", EventName = "CloseFailed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);

        [LoggerMessage(10, LogLevel.Debug, "The server did not close TCP after the close handshake; the client closes it.", EventName = "ServerDidNotCloseTcp")]
        public static partial void ServerDidNotCloseTcp(ILogger logger, Exception exception);

        [LoggerMessage(11, LogLevel.Warning, "No pong within {TimeoutMs} ms of a keep-alive ping; dropping the connection.", EventName = "KeepAliveTimedOut")]
        public static partial void KeepAliveTimedOut(ILogger logger, long timeoutMs);

        [LoggerMessage(12, LogLevel.Debug, "Closing on dispose failed.", EventName = "CloseOnDisposeFailed")]
        public static partial void CloseOnDisposeFailed(ILogger logger, Exception exception);

        [LoggerMessage(13, LogLevel.Debug, "The close handshake completed (close code {CloseCode}); waiting for the server to end TCP.", EventName = "CloseHandshakeCompleted")]
        public static partial void CloseHandshakeCompleted(ILogger logger, int closeCode);

        [LoggerMessage(14, LogLevel.Warning, "A compressed send was cancelled after compression (context takeover); dropping the connection, as the peer's decompressor would no longer match.", EventName = "CompressedSendCancelled")]
        public static partial void CompressedSendCancelled(ILogger logger);
    }
}
