namespace Tusk.EngineIO;

/// <summary>
/// An Engine.IO failure: a rejected handshake, an HTTP error from the server, a protocol violation or a broken session.
/// The base of every exception Tusk.EngineIO defines; a transport's failure is its <see cref="Exception.InnerException"/>.
/// </summary>
public class EngineIoException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public EngineIoException()
        : this("The Engine.IO session failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public EngineIoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public EngineIoException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception describing a server's HTTP error.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="statusCode">The HTTP status code, when the failure was an HTTP response.</param>
    /// <param name="serverErrorCode">The Engine.IO error code from the server's JSON body (e.g. 1 for "Session ID unknown").</param>
    /// <param name="serverMessage">The message from the server's JSON body.</param>
    /// <param name="innerException">The cause.</param>
    public EngineIoException(string message, int? statusCode, int? serverErrorCode, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerErrorCode = serverErrorCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status code of the failed request, if the failure was an HTTP response.</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>code</c> of the server's JSON error (0 transport unknown, 1 session ID unknown, 2 bad handshake method, 3 bad request, 4 forbidden, 5 unsupported protocol version).</summary>
    public int? ServerErrorCode { get; }

    /// <summary>The <c>message</c> of the server's JSON error, e.g. <c>Session ID unknown</c>.</summary>
    public string? ServerMessage { get; }

    /// <summary>The WebSocket close code, when the failure was a WebSocket closed with a code other than a normal
    /// close: the server's (e.g. 1009 when a message exceeded its <c>maxHttpBufferSize</c>), or the one this side
    /// failed the connection with (1002, 1007, 1009), or 1006 when the connection was lost.</summary>
    public int? WebSocketCloseCode { get; init; }

    /// <summary>The reason that came with <see cref="WebSocketCloseCode"/>, if any.</summary>
    public string? WebSocketCloseReason { get; init; }
}
