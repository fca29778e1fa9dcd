using System.Net.Sockets;
using System.Security.Authentication;
using Tusk.Internal;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.SocketIO.Sessions;

/// <summary>
/// Turns the usual setup mistakes behind a failed connection into a sentence that says what to change. The lower
/// layers report what happened on the wire ("HTTP 404", "closed before the response head", "corrupted frame"); only
/// this layer knows which option produced the request.
/// </summary>
internal static class ConnectFailureAdvice
{
    /// <summary>The advice for <paramref name="failure"/>, or <see langword="null"/> when it is not a usual mistake.</summary>
    /// <param name="failure">What the Engine.IO layer threw.</param>
    /// <param name="serverUri">The server URL as the user gave it.</param>
    /// <param name="endpoint">The Engine.IO endpoint that was requested (server origin plus path).</param>
    /// <param name="options">The client's options.</param>
    public static string? Describe(Exception failure, Uri serverUri, Uri endpoint, SocketIoClientOptions options)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationException or HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
                    when IsSecure(serverUri):
                    // A TLS client meeting a plain-HTTP server reads its HTTP answer as a TLS record: "corrupted frame".
                    return $"The TLS handshake with {serverUri.Authority} failed. If the server speaks plain HTTP, use " +
                        $"{(serverUri.Scheme is "wss" ? "ws" : "http")}:// in ServerUri; if its certificate is self-signed, " +
                        "see RemoteCertificateValidationCallback.";
                case PollingRequestException { StatusCode: 404 } or WebSocketHandshakeException { StatusCode: 404 }:
                    return WrongPath($"The server answered 404 Not Found for {UriRedactor.Redact(endpoint)}", options);
                case WebSocketHandshakeException { StatusCode: null, InnerException: null }:
                    // Node's HTTP server (and engine.io's upgrade handler) drops an upgrade request for a path that no
                    // Socket.IO server listens on without any answer.
                    return WrongPath($"The server closed the connection without answering the WebSocket handshake for {UriRedactor.Redact(endpoint)}", options);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"Nothing accepts connections at {serverUri.Authority}: check that the server is running and the port in ServerUri.";
            }
        }

        return null;
    }

    private static bool IsSecure(Uri serverUri) => serverUri.Scheme is "https" or "wss";

    private static string WrongPath(string what, SocketIoClientOptions options) => $"{what}: usually no Socket.IO server listens on that path. {CheckPath(options)}";

    /// <summary>The sentence that points at <see cref="SocketIoClientOptions.Path"/>; also used when nothing answered at all.</summary>
    public static string CheckPath(SocketIoClientOptions options) =>
        $"Check SocketIoClientOptions.Path (now \"{options.Path}\"; it must equal the server's 'path' option, \"/socket.io\" by " +
        "default) and any path in ServerUri, which is put before it.";
}
