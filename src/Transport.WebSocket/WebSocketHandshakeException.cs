namespace Tusk.Transport.WebSocket;

/// <summary>The opening handshake failed: the server answered with something other than a valid 101 upgrade, the
/// proxy refused the tunnel, or the connection broke before the handshake completed (the runtime's
/// <see cref="IOException"/> is then the inner exception).</summary>
public class WebSocketHandshakeException : WebSocketTransportException
{
    /// <summary>Creates an exception with no status code.</summary>
    public WebSocketHandshakeException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public WebSocketHandshakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception carrying the HTTP status and the response body.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status code the server (or proxy) answered with.</param>
    /// <param name="responseBody">The start of the response body, if any.</param>
    public WebSocketHandshakeException(string message, int? statusCode, string? responseBody)
        : base(message)
    {
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>The HTTP status code of the answer, or <see langword="null"/> when none was read.</summary>
    public int? StatusCode { get; }

    /// <summary>The start of the response body (at most 64 KiB), or <see langword="null"/>.</summary>
    public string? ResponseBody { get; }
}
