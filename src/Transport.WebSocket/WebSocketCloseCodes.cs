namespace Tusk.Transport.WebSocket;

/// <summary>Close codes from RFC 6455 §7.4 and the IANA registry.</summary>
/// <remarks>
/// Thread safety: stateless; every member is safe to call from any thread, concurrently.
/// </remarks>
public static class WebSocketCloseCodes
{
    /// <summary>1000: the purpose of the connection was fulfilled.</summary>
    public const int NormalClosure = 1000;

    /// <summary>1001: an endpoint is going away.</summary>
    public const int GoingAway = 1001;

    /// <summary>1002: a protocol error.</summary>
    public const int ProtocolError = 1002;

    /// <summary>1003: a kind of data the endpoint cannot accept.</summary>
    public const int UnsupportedData = 1003;

    /// <summary>1005: no status code was present (never sent on the wire).</summary>
    public const int NoStatusReceived = 1005;

    /// <summary>1006: the connection closed without a close frame (never sent on the wire).</summary>
    public const int AbnormalClosure = 1006;

    /// <summary>1007: message data that does not match its type, such as invalid UTF-8 text.</summary>
    public const int InvalidPayloadData = 1007;

    /// <summary>1008: a message that violates the endpoint's policy.</summary>
    public const int PolicyViolation = 1008;

    /// <summary>1009: a message too big to process.</summary>
    public const int MessageTooBig = 1009;

    /// <summary>1010: the client expected an extension the server did not negotiate.</summary>
    public const int MandatoryExtension = 1010;

    /// <summary>1011: the server met an unexpected condition.</summary>
    public const int InternalError = 1011;

    /// <summary>Whether <paramref name="code"/> may appear in a close frame on the wire (RFC 6455 §7.4,
    /// IANA 1012–1014, registered 3000–3999 and private 4000–4999).</summary>
    /// <param name="code">The close code.</param>
    /// <returns><see langword="true"/> when the code is allowed on the wire.</returns>
    public static bool IsValidOnWire(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);
}
