using Tusk.EngineIO;

namespace Tusk.SocketIO.Protocol;

/// <summary>
/// The default parser, socket.io-parser's format: every packet is a text message
/// (<c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;id&gt;][&lt;json&gt;]</c>) followed by one binary message per
/// attachment. Speaks protocol v3, v4 and v5 (socket.io 1.x to 4.x).
/// </summary>
/// <remarks>
/// Thread safety: stateless; one instance serves every client, and <see cref="CreateEncoder"/> and
/// <see cref="CreateDecoder"/> may be called from any thread, concurrently. What they return is used by one session, as
/// <see cref="ISocketIoPacketEncoder"/> and <see cref="ISocketIoPacketDecoder"/> describe.
/// </remarks>
public sealed class SocketIoTextParser : ISocketIoParser
{
    private SocketIoTextParser()
    {
    }

    /// <summary>The parser (it has no settings).</summary>
    public static SocketIoTextParser Instance { get; } = new();

    /// <inheritdoc />
    public ISocketIoPacketEncoder CreateEncoder(SocketIoParserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Encoder(context.Protocol);
    }

    /// <inheritdoc />
    public ISocketIoPacketDecoder CreateDecoder(SocketIoParserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SocketIoPacketDecoder(context.MaxAttachments, context.MaxPacketSize);
    }

    private sealed class Encoder(SocketIoProtocol protocol) : ISocketIoPacketEncoder
    {
        public void Encode(SocketIoPacket packet, ICollection<EngineIoMessage> messages)
        {
            ArgumentNullException.ThrowIfNull(packet);
            ArgumentNullException.ThrowIfNull(messages);
            // UTF-8 from the serializer to the frame: the header goes into the room the emit left for it.
            messages.Add(EngineIoMessage.FromUtf8Text(SocketIoPacketEncoder.EncodeUtf8(packet, protocol)));
            for (var i = 0; i < packet.Attachments.Count; i++)
            {
                messages.Add(EngineIoMessage.FromBinary(packet.Attachments[i]));
            }
        }
    }
}
