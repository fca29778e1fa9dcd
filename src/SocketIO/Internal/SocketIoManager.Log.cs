using Microsoft.Extensions.Logging;
using Tusk.Internal;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Internal;

internal sealed partial class SocketIoManager
{
    private static partial class Log
    {
        // The URL is logged redacted (no user-info, query values masked); the redaction runs only when the level is on.
        public static void Opening(ILogger logger, Uri serverUri)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                Opening(logger, UriRedactor.Redact(serverUri));
            }
        }

        // Positional level: CA1873 reads it from there to see that the caller checked IsEnabled for that level.
        [LoggerMessage(100, LogLevel.Information, "Connecting to {ServerUri}.", EventName = "Opening", SkipEnabledCheck = true)]
        private static partial void Opening(ILogger logger, string serverUri);

        [LoggerMessage(EventId = 101, EventName = "Opened", Level = LogLevel.Information, Message = "Connected: session {SessionId}, Socket.IO protocol {Protocol}, transport {Transport}.")]
        public static partial void Opened(ILogger logger, string? sessionId, SocketIoProtocol protocol, string? transport);

        [LoggerMessage(EventId = 102, EventName = "PacketReceived", Level = LogLevel.Trace, Message = "Received {Type} on {Namespace} (id {Id}).")]
        public static partial void PacketReceived(ILogger logger, SocketIoPacketType type, string @namespace, long? id);

        [LoggerMessage(EventId = 103, EventName = "UnknownNamespace", Level = LogLevel.Debug, Message = "Ignoring a packet for namespace {Namespace}, which this client does not use.")]
        public static partial void UnknownNamespace(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 104, EventName = "ParseError", Level = LogLevel.Warning, Message = "The server sent an invalid packet; closing the connection.")]
        public static partial void ParseError(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 105, EventName = "ReceiveFailed", Level = LogLevel.Warning, Message = "Receiving failed.")]
        public static partial void ReceiveFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 106, EventName = "SessionLost", Level = LogLevel.Warning, Message = "The connection was lost ({Reason}).")]
        public static partial void SessionLost(ILogger logger, string reason, Exception? exception);

        [LoggerMessage(EventId = 107, EventName = "Reconnecting", Level = LogLevel.Information, Message = "Reconnection attempt {Attempt} after {Delay}.")]
        public static partial void Reconnecting(ILogger logger, int attempt, TimeSpan delay);

        [LoggerMessage(EventId = 108, EventName = "ReconnectFailed", Level = LogLevel.Warning, Message = "Reconnection attempt {Attempt} failed.")]
        public static partial void ReconnectFailed(ILogger logger, int attempt, Exception exception);

        [LoggerMessage(EventId = 109, EventName = "ReconnectGaveUp", Level = LogLevel.Error, Message = "Gave up reconnecting after {Attempts} attempts.")]
        public static partial void ReconnectGaveUp(ILogger logger, int attempts);

        [LoggerMessage(EventId = 110, EventName = "CloseFailed", Level = LogLevel.Debug, Message = "Closing the connection failed.")]
        public static partial void CloseFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 111, EventName = "MainNamespaceRefused", Level = LogLevel.Warning, Message = "The server's main namespace refused the connection ({ServerMessage}); every namespace waiting to connect fails.")]
        public static partial void MainNamespaceRefused(ILogger logger, string? serverMessage);

        [LoggerMessage(EventId = 112, EventName = "ProtocolMismatch", Level = LogLevel.Error, Message = "{Description}")]
        public static partial void ProtocolMismatch(ILogger logger, string description);

        [LoggerMessage(EventId = 113, EventName = "DiagnosisFailed", Level = LogLevel.Debug, Message = "Probing the server's protocol revision after a failed connect failed.")]
        public static partial void DiagnosisFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 114, EventName = "ReconnectionPolicyFailed", Level = LogLevel.Error, Message = "The reconnection policy threw when asked about attempt {Attempt}; reconnecting stops.")]
        public static partial void ReconnectionPolicyFailed(ILogger logger, int attempt, Exception exception);

        [LoggerMessage(EventId = 115, EventName = "HandlersBehind", Level = LogLevel.Information, Message = "{QueuedBytes} bytes of events wait for their handlers (HandlerQueueMaxBytes {MaxBytes}); reading from the connection pauses until the handlers catch up.")]
        public static partial void HandlersBehind(ILogger logger, long queuedBytes, long maxBytes);

        [LoggerMessage(EventId = 116, EventName = "HandlersCaughtUp", Level = LogLevel.Debug, Message = "The handlers caught up; reading from the connection resumes.")]
        public static partial void HandlersCaughtUp(ILogger logger);
    }
}
