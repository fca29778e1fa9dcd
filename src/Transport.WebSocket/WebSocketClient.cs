namespace Tusk.Transport.WebSocket;

/// <summary>Opens client WebSocket connections: TCP (optionally through an HTTP CONNECT proxy), TLS for
/// <c>wss://</c>, then the RFC 6455 opening handshake.</summary>
public static class WebSocketClient
{
    /// <summary>Connects to <paramref name="uri"/> (<c>ws://</c>, <c>wss://</c>, or <c>http(s)://</c> mapped to
    /// them) and completes the opening handshake.</summary>
    /// <param name="uri">The server address.</param>
    /// <param name="options">Handshake, TLS, proxy and connection settings; <see langword="null"/> for defaults.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="WebSocketHandshakeException">The server or proxy did not accept the upgrade.</exception>
    /// <exception cref="TimeoutException"><see cref="WebSocketClientOptions.ConnectTimeout"/> elapsed.</exception>
    /// <exception cref="ArgumentException">The URI scheme or a custom header is invalid.</exception>
    public static Task<WebSocketConnection> ConnectAsync(Uri uri, WebSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        throw new NotImplementedException();
    }
}
