namespace Tusk.Transport.WebSocket.Connection;

/// <summary>Raised inside the receive path when the peer breaks a rule; the connection turns it into a close
/// frame with <see cref="CloseCode"/> and a public <see cref="WebSocketProtocolException"/>.</summary>
internal sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException()
    {
    }

    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProtocolViolationException(int closeCode, string message, Exception? innerException = null)
        : base(message, innerException) => CloseCode = closeCode;

    public int CloseCode { get; } = WebSocketCloseCodes.ProtocolError;
}
