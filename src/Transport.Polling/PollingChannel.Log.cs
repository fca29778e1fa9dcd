using Microsoft.Extensions.Logging;
using Tusk.Internal;

namespace Tusk.Transport.Polling;

public sealed partial class PollingChannel
{
    private static partial class Log
    {
        // The URL is logged redacted (no user-info, query values masked), and only built when Trace is on: it runs per request.
        public static void RequestStarting(ILogger logger, HttpMethod method, Uri uri)
        {
            if (logger.IsEnabled(LogLevel.Trace))
            {
                RequestStarting(logger, method, UriRedactor.Redact(uri));
            }
        }

        [LoggerMessage(1, LogLevel.Trace, "Polling {Method} {Uri} starting.", EventName = "RequestStarting", SkipEnabledCheck = true)]
        private static partial void RequestStarting(ILogger logger, HttpMethod method, string uri);

        [LoggerMessage(2, LogLevel.Trace, "Polling {Method} completed with HTTP {StatusCode}, {Length} bytes.", EventName = "RequestCompleted")]
        public static partial void RequestCompleted(ILogger logger, HttpMethod method, int statusCode, int length);

        [LoggerMessage(3, LogLevel.Debug, "Polling {Method} timed out after {Timeout}.", EventName = "RequestTimedOut")]
        public static partial void RequestTimedOut(ILogger logger, HttpMethod method, TimeSpan timeout);

        [LoggerMessage(4, LogLevel.Debug, "Polling {Method} failed.", EventName = "RequestFailed")]
        public static partial void RequestFailed(ILogger logger, HttpMethod method, Exception exception);

        [LoggerMessage(5, LogLevel.Debug, "A Set-Cookie header was rejected (invalid for the cookie jar).", EventName = "CookieRejected")]
        public static partial void CookieRejected(ILogger logger);
    }
}
