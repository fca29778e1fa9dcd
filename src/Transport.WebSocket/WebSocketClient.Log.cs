using Microsoft.Extensions.Logging;
using Tusk.Internal;

namespace Tusk.Transport.WebSocket;

public static partial class WebSocketClient
{
    internal static partial class Log
    {
        // URLs are logged redacted (no user-info, query values masked); the redaction runs only when the level is on.
        public static void Connecting(ILogger logger, Uri uri)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Connecting(logger, UriRedactor.Redact(uri));
            }
        }

        public static void Connected(ILogger logger, Uri uri, string? subProtocol, bool compressed)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                Connected(logger, UriRedactor.Redact(uri), subProtocol, compressed);
            }
        }

        [LoggerMessage(101, LogLevel.Debug, "Connecting to {Uri}.", EventName = "Connecting", SkipEnabledCheck = true)]
        private static partial void Connecting(ILogger logger, string uri);

        [LoggerMessage(102, LogLevel.Information, "Connected to {Uri} (subprotocol {SubProtocol}, compression {Compressed}).", EventName = "Connected", SkipEnabledCheck = true)]
        private static partial void Connected(ILogger logger, string uri, string? subProtocol, bool compressed);

        [LoggerMessage(103, LogLevel.Warning, "The server refused the WebSocket upgrade: {StatusCode} {ReasonPhrase}.", EventName = "HandshakeRefused")]
        public static partial void HandshakeRefused(ILogger logger, int statusCode, string reasonPhrase);

        [LoggerMessage(104, LogLevel.Debug, "A Set-Cookie header from the handshake was not stored (invalid for the cookie jar).", EventName = "CookieRejected")]
        public static partial void CookieRejected(ILogger logger);

        [LoggerMessage(105, LogLevel.Information, "SocketCompletions is Inline, but this runtime or platform has no per-socket inline completions: the connection completes its I/O on the thread pool as usual.", EventName = "InlineCompletionsUnavailable")]
        public static partial void InlineCompletionsUnavailable(ILogger logger);
    }
}
