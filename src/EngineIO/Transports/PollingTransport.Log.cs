using Microsoft.Extensions.Logging;

namespace Tusk.EngineIO.Transports;

internal sealed partial class PollingTransport
{
    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Debug, "The server speaks Engine.IO revision {Version} (detected from the polling framing).", EventName = "RevisionDetected")]
        public static partial void RevisionDetected(ILogger logger, EngineIoVersion version);

        [LoggerMessage(101, LogLevel.Debug, "The server answers text with binary payloads (engine.io-parser 1.x); binary payloads will be posted.", EventName = "BinaryPayloadServer")]
        public static partial void BinaryPayloadServer(ILogger logger);
    }
}
