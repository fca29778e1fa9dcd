using Tusk.EngineIO;

namespace Tusk.SocketIO.Protocol;

/// <summary>Turns packets into Engine.IO messages (JS: the parser's <c>Encoder</c>).</summary>
/// <remarks>
/// Thread safety: called by one sender at a time (the session serializes sends), so an implementation needs no
/// locking.
/// </remarks>
public interface ISocketIoPacketEncoder
{
    /// <summary>Appends the messages that carry <paramref name="packet"/>, in the order they must be sent.</summary>
    /// <param name="packet">The packet; its binary values are in <see cref="SocketIoPacket.Attachments"/>.</param>
    /// <param name="messages">Where to add the messages: text messages travel as Engine.IO text (WebSocket text
    /// frames), binary ones as Engine.IO binary (WebSocket binary frames, base64 or binary payloads over polling).
    /// The bytes of a binary message must not change after the call.</param>
    void Encode(SocketIoPacket packet, ICollection<EngineIoMessage> messages);
}
