using Microsoft.Extensions.Logging;

namespace Tusk.Transport.WebSocket;

public static partial class WebSocketClient
{
    internal static partial class Log
    {
        [LoggerMessage(101, LogLevel.Debug, "Connecting to {Uri}.", EventName = "Connecting")]
        public static partial void Connecting(ILogger logger, Uri uri);

        [LoggerMessage(102, LogLevel.Information, "Connected to {Uri} (subprotocol {SubProtocol}, compression {Compressed}).", EventName = "Connected")]
        public static partial void Connected(ILogger logger, Uri uri, string? subProtocol, bool compressed);

        [LoggerMessage(103, LogLevel.Warning, "The server refused the WebSocket upgrade: {StatusCode} {ReasonPhrase}.", EventName = "HandshakeRefused")]
        public static partial void HandshakeRefused(ILogger logger, int statusCode, string reasonPhrase);

        [LoggerMessage(104, LogLevel.Debug, "A Set-Cookie header from the handshake was not stored.", EventName = "CookieRejected")]
        public static partial void CookieRejected(ILogger logger, Exception exception);
    }
}
