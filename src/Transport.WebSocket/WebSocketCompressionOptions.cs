namespace Tusk.Transport.WebSocket;

/// <summary>The permessage-deflate (RFC 7692) parameters of a connection, as agreed in the handshake.</summary>
/// <remarks>
/// Thread safety: not synchronized; treated as immutable once the connection uses it; safe to read from any thread.
/// </remarks>
public sealed class WebSocketCompressionOptions
{
    /// <summary>The client resets its compressor for every message (<c>client_no_context_takeover</c>).
    /// Default: <see langword="false"/>.</summary>
    public bool ClientNoContextTakeover { get; set; }

    /// <summary>The server resets its compressor for every message (<c>server_no_context_takeover</c>).
    /// Default: <see langword="false"/>.</summary>
    public bool ServerNoContextTakeover { get; set; }
}
