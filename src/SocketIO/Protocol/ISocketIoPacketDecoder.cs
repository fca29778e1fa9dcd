using Tusk.EngineIO;

namespace Tusk.SocketIO.Protocol;

/// <summary>Turns received Engine.IO messages back into packets (JS: the parser's <c>Decoder</c>).</summary>
/// <remarks>
/// Thread safety: called from the session's receive loop only, one message at a time, so an implementation needs no
/// locking.
/// </remarks>
public interface ISocketIoPacketDecoder
{
    /// <summary>Adds one received message.</summary>
    /// <param name="message">The message. The bytes of a binary message may belong to a pooled buffer that is reused
    /// after the call: copy what the packet keeps.</param>
    /// <returns>The packet this message completes, or <see langword="null"/> when more messages must follow (e.g. the
    /// attachments announced by a text header).</returns>
    /// <exception cref="SocketIoProtocolException">The message is not a valid packet; the client then closes the
    /// connection with <see cref="SocketIoDisconnectReason.ParseError"/>.</exception>
    SocketIoPacket? Decode(EngineIoMessage message);

    /// <summary>Forgets a half-received packet (the connection was lost).</summary>
    void Reset();
}
