namespace Tusk.Transport.WebSocket;

/// <summary>The connection failed: the peer broke RFC 6455, a limit was exceeded, or the transport dropped
/// without a close handshake. <see cref="CloseCode"/> is the close code that describes the failure
/// (1002, 1007, 1009, ... as sent to the peer, or 1006 when the connection was lost).</summary>
public class WebSocketProtocolException : WebSocketTransportException
{
    /// <summary>Creates an exception for an abnormal closure (1006).</summary>
    public WebSocketProtocolException()
        : this("The WebSocket connection failed.")
    {
    }

    /// <summary>Creates an exception for an abnormal closure (1006).</summary>
    /// <param name="message">What went wrong.</param>
    public WebSocketProtocolException(string message)
        : this(message, WebSocketCloseCodes.AbnormalClosure)
    {
    }

    /// <summary>Creates an exception for an abnormal closure (1006) with its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        CloseCode = WebSocketCloseCodes.AbnormalClosure;
    }

    /// <summary>Creates an exception for a failure described by a close code.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="closeCode">The close code sent to the peer (or 1006 when the connection was lost).</param>
    public WebSocketProtocolException(string message, int closeCode)
        : base(message)
    {
        CloseCode = closeCode;
    }

    /// <summary>Creates an exception for a failure described by a close code, with its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="closeCode">The close code sent to the peer (or 1006 when the connection was lost).</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketProtocolException(string message, int closeCode, Exception? innerException)
        : base(message, innerException)
    {
        CloseCode = closeCode;
    }

    /// <summary>The close code describing the failure: 1002 protocol error, 1007 invalid payload,
    /// 1009 message too big, 1006 connection lost, and so on.</summary>
    public int CloseCode { get; }
}
