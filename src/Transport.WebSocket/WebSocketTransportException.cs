namespace Tusk.Transport.WebSocket;

/// <summary>
/// The base of every exception Tusk.Transport.WebSocket defines: the opening handshake failed
/// (<see cref="WebSocketHandshakeException"/>) or an open connection failed (<see cref="WebSocketProtocolException"/>).
/// Catch it to handle any WebSocket failure this layer reports.
/// </summary>
/// <remarks>
/// Misuse is reported with the standard exceptions instead (<see cref="ArgumentException"/>,
/// <see cref="InvalidOperationException"/>, <see cref="ObjectDisposedException"/>), cancellation with
/// <see cref="OperationCanceledException"/> and an elapsed connect timeout with <see cref="TimeoutException"/>; a TCP
/// connection that cannot be made and a rejected TLS handshake surface as the runtime reports them
/// (<see cref="System.Net.Sockets.SocketException"/>, <see cref="System.Security.Authentication.AuthenticationException"/>).
/// </remarks>
public class WebSocketTransportException : Exception
{
    /// <summary>Creates an exception.</summary>
    public WebSocketTransportException()
        : this("The WebSocket connection failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public WebSocketTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
