using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Internal;

internal sealed partial class HandlerDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "HandlerFailed", Level = LogLevel.Error, Message = "An event handler threw; the connection is unaffected.")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}
