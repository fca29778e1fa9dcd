using Microsoft.Extensions.Logging;
using Tusk.Internal;

namespace Tusk.EngineIO;

public sealed partial class EngineIoClient
{
    private static partial class Log
    {
        // The URL is logged redacted (no user-info, query values masked); the redaction runs only when the level is on.
        public static void Connecting(ILogger logger, Uri serverUri, string transport, EngineIoVersion version)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Connecting(logger, UriRedactor.Redact(serverUri), transport, version);
            }
        }

        [LoggerMessage(1, LogLevel.Debug, "Connecting to {ServerUri} over {Transport} (revision {Version}).", EventName = "Connecting", SkipEnabledCheck = true)]
        private static partial void Connecting(ILogger logger, string serverUri, string transport, EngineIoVersion version);

        [LoggerMessage(2, LogLevel.Information, "Engine.IO session {Sid} open: revision {Version} over {Transport}, pingInterval {PingInterval}, pingTimeout {PingTimeout}, maxPayload {MaxPayload}.", EventName = "Opened")]
        public static partial void Opened(ILogger logger, string sid, EngineIoVersion version, string transport, TimeSpan pingInterval, TimeSpan pingTimeout, long? maxPayload);

        [LoggerMessage(3, LogLevel.Warning, "Connecting failed.", EventName = "ConnectFailed")]
        public static partial void ConnectFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Trace, "Sending {Count} packet(s) over {Transport}.", EventName = "Sending")]
        public static partial void Sending(ILogger logger, int count, string transport);

        [LoggerMessage(5, LogLevel.Trace, "Received a {Type} packet.", EventName = "PacketReceived")]
        public static partial void PacketReceived(ILogger logger, EngineIoPacketType type);

        [LoggerMessage(6, LogLevel.Debug, "Sending failed.", EventName = "SendFailed")]
        public static partial void SendFailed(ILogger logger, Exception exception);

        [LoggerMessage(7, LogLevel.Debug, "Receiving over {Transport} failed.", EventName = "ReceiveFailed")]
        public static partial void ReceiveFailed(ILogger logger, string transport, Exception exception);

        [LoggerMessage(8, LogLevel.Debug, "The server closed the {Transport} transport.", EventName = "TransportClosedByPeer")]
        public static partial void TransportClosedByPeer(ILogger logger, string transport);

        [LoggerMessage(9, LogLevel.Debug, "The server sent a close packet.", EventName = "ServerClosed")]
        public static partial void ServerClosed(ILogger logger);

        [LoggerMessage(10, LogLevel.Debug, "Closing the session ({Reason}).", EventName = "Closing")]
        public static partial void Closing(ILogger logger, EngineIoCloseReason reason, Exception? exception);

        [LoggerMessage(11, LogLevel.Information, "Engine.IO session closed ({Reason}).", EventName = "Closed")]
        public static partial void Closed(ILogger logger, EngineIoCloseReason reason);

        [LoggerMessage(12, LogLevel.Debug, "Disposing the {Transport} transport failed.", EventName = "TransportDisposeFailed")]
        public static partial void TransportDisposeFailed(ILogger logger, string transport, Exception exception);

        [LoggerMessage(13, LogLevel.Warning, "An event handler for {EventArgs} threw.", EventName = "EventHandlerFailed")]
        public static partial void EventHandlerFailed(ILogger logger, string eventArgs, Exception exception);

        [LoggerMessage(20, LogLevel.Debug, "The {Transport} handshake does not tell the revision; assuming revision 4 (set EngineIoClientOptions.Version to choose).", EventName = "RevisionAssumed")]
        public static partial void RevisionAssumed(ILogger logger, string transport);

        [LoggerMessage(21, LogLevel.Debug, "A polling handshake shows that the server speaks revision {Version}.", EventName = "RevisionDetectedByPolling")]
        public static partial void RevisionDetectedByPolling(ILogger logger, EngineIoVersion version);

        [LoggerMessage(23, LogLevel.Debug, "The side session used to detect the revision could not be closed; the server drops it when its heartbeat times out.", EventName = "RevisionProbeNotClosed")]
        public static partial void RevisionProbeNotClosed(ILogger logger, Exception exception);

        [LoggerMessage(22, LogLevel.Warning, "The revision could not be detected over polling; assuming revision 4 (set EngineIoClientOptions.Version to choose).", EventName = "RevisionDetectionFailed")]
        public static partial void RevisionDetectionFailed(ILogger logger, Exception exception);

        [LoggerMessage(24, LogLevel.Debug, "Ignored a ping from a revision 3 server.", EventName = "UnexpectedPing")]
        public static partial void UnexpectedPing(ILogger logger);

        [LoggerMessage(25, LogLevel.Warning, "Heartbeat timed out (revision {Version}).", EventName = "HeartbeatTimedOut")]
        public static partial void HeartbeatTimedOut(ILogger logger, EngineIoVersion version);

        [LoggerMessage(30, LogLevel.Debug, "Probing the {Transport} transport for an upgrade.", EventName = "UpgradeProbing")]
        public static partial void UpgradeProbing(ILogger logger, string transport);

        [LoggerMessage(31, LogLevel.Information, "Upgraded to {Transport}.", EventName = "Upgraded")]
        public static partial void Upgraded(ILogger logger, string transport);

        [LoggerMessage(32, LogLevel.Information, "The upgrade to {Transport} failed; staying on the current transport.", EventName = "UpgradeFailed")]
        public static partial void UpgradeFailed(ILogger logger, string transport, Exception exception);

        [LoggerMessage(33, LogLevel.Debug, "State {From} -> {To}.", EventName = "StateChanged")]
        public static partial void StateChanged(ILogger logger, EngineIoClientState from, EngineIoClientState to);

        [LoggerMessage(34, LogLevel.Warning, "The server did not confirm within {TimeoutMs} ms that it had read the messages sent over {Transport}; sending goes on.", EventName = "FlushTimedOut")]
        public static partial void FlushTimedOut(ILogger logger, string transport, double timeoutMs);

        [LoggerMessage(35, LogLevel.Debug, "The received messages waiting for the reader hold {MaxBytes} bytes or more (ReceiveBufferMaxBytes); reading pauses until the reader takes some.", EventName = "ReceiveBufferFull")]
        public static partial void ReceiveBufferFull(ILogger logger, long maxBytes);
    }
}
