using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO;

public partial class SocketIoSocket
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 200, EventName = "SendingConnect", Level = LogLevel.Debug, Message = "Joining namespace {Namespace}.")]
        public static partial void SendingConnect(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 201, EventName = "Connected", Level = LogLevel.Information, Message = "Namespace {Namespace} connected as {Id} (recovered: {Recovered}).")]
        public static partial void Connected(ILogger logger, string @namespace, string? id, bool recovered);

        [LoggerMessage(EventId = 202, EventName = "ConnectRejected", Level = LogLevel.Warning, Message = "The server refused namespace {Namespace}: {ServerMessage}.")]
        public static partial void ConnectRejected(ILogger logger, string @namespace, string? serverMessage);

        [LoggerMessage(EventId = 203, EventName = "RejoinFailed", Level = LogLevel.Warning, Message = "Joining namespace {Namespace} again after reconnection failed.")]
        public static partial void RejoinFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(EventId = 204, EventName = "DisconnectSendFailed", Level = LogLevel.Debug, Message = "Leaving namespace {Namespace} cleanly failed.")]
        public static partial void DisconnectSendFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(EventId = 214, EventName = "FlushBeforeDisconnectFailed", Level = LogLevel.Warning, Message = "Could not make sure the server read the events sent on {Namespace} before leaving it; some may be lost.")]
        public static partial void FlushBeforeDisconnectFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(EventId = 205, EventName = "VolatileDropped", Level = LogLevel.Debug, Message = "Dropped volatile event {EventName} on {Namespace}: not connected.")]
        public static partial void VolatileDropped(ILogger logger, string @namespace, string eventName);

        [LoggerMessage(EventId = 206, EventName = "SendLost", Level = LogLevel.Debug, Message = "A packet on {Namespace} was lost with the connection.")]
        public static partial void SendLost(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(EventId = 207, EventName = "Retrying", Level = LogLevel.Debug, Message = "No ack for {EventName} on {Namespace} (attempt {Attempt}); sending again.")]
        public static partial void Retrying(ILogger logger, string @namespace, string eventName, int attempt);

        [LoggerMessage(EventId = 208, EventName = "OutgoingListenerFailed", Level = LogLevel.Error, Message = "An outgoing catch-all listener on {Namespace} threw.")]
        public static partial void OutgoingListenerFailed(ILogger logger, string @namespace, Exception exception);

        [LoggerMessage(EventId = 209, EventName = "EventReceived", Level = LogLevel.Trace, Message = "Event {EventName} on {Namespace} with {Count} argument(s).")]
        public static partial void EventReceived(ILogger logger, string @namespace, string eventName, int count);

        [LoggerMessage(EventId = 210, EventName = "InboxOverflow", Level = LogLevel.Warning, Message = "The pull buffer of {Namespace} is full (ReceiveBufferCapacity events or ReceiveBufferMaxBytes bytes); events that no handler took are dropped, oldest first, until WaitAsync or DrainAsync reads it (set ReceiveBufferCapacity = 0 if the pull API is not used).")]
        public static partial void InboxOverflow(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 211, EventName = "UnknownAck", Level = LogLevel.Debug, Message = "Ignoring an ack with unknown id {Id} on {Namespace}.")]
        public static partial void UnknownAck(ILogger logger, string @namespace, long id);

        [LoggerMessage(EventId = 212, EventName = "LateConnectIgnored", Level = LogLevel.Debug, Message = "The server accepted namespace {Namespace} after this client stopped connecting it; leaving it again.")]
        public static partial void LateConnectIgnored(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 213, EventName = "StreamOverflow", Level = LogLevel.Warning, Message = "A ReadEventsAsync stream of {Namespace} is full (ReceiveBufferCapacity events or ReceiveBufferMaxBytes bytes); its oldest unread events are dropped until the reader catches up.")]
        public static partial void StreamOverflow(ILogger logger, string @namespace);

        [LoggerMessage(EventId = 215, EventName = "EarlyEventsDropped", Level = LogLevel.Warning, Message = "Dropped {Count} event(s) that arrived on {Namespace} before its CONNECT reply ({Why}); the recovery offset was not advanced past them.")]
        public static partial void EarlyEventsDropped(ILogger logger, string @namespace, int count, string why);
    }
}
