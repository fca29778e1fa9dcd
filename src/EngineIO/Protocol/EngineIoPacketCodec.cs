using System.Buffers;

namespace Tusk.EngineIO.Protocol;

/// <summary>
/// Engine.IO packets for a transport that carries one packet per message, such as WebSocket frames or a message
/// channel of your own, in both protocol revisions (§1.7). A text packet is UTF-8 text, its type digit then its data
/// (<c>4hello</c>); a binary packet is a binary message: the raw bytes in revision 4, a type byte then the bytes in
/// revision 3. These are the codecs the built-in <c>websocket</c> transport uses.
/// </summary>
/// <remarks>
/// Encoding writes straight into the caller's buffer writer, with no intermediate string or array; decoding allocates
/// the packet's own copy of its data and nothing else. <see cref="EngineIoVersion.Auto"/> is treated as revision 4,
/// the one the handshake is sent with. Thread-safe: the codec has no state.
/// <para>Thread safety: stateless; every member is safe to call from any thread, concurrently. (A caller that shares one
/// buffer writer between threads must serialize its own writes.)</para>
/// </remarks>
public static class EngineIoPacketCodec
{
    /// <summary>Writes <paramref name="packet"/> as one message.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="version">The session's revision (<see cref="Transports.EngineIoTransportContext.Version"/>).</param>
    /// <param name="output">Receives the message bytes.</param>
    /// <returns><see langword="true"/> when the message must be sent as a binary message, <see langword="false"/> when
    /// it is UTF-8 text.</returns>
    /// <exception cref="ArgumentException">The packet type is not one of <see cref="EngineIoPacketType"/>'s values, or
    /// the packet is a binary packet other than a message in revision 4, which has no way to say its type.</exception>
    public static bool Encode(in EngineIoPacket packet, EngineIoVersion version, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PacketCodec.Validate(packet, version, nameof(packet));
        if (packet.IsBinary)
        {
            PacketCodec.EncodeBinaryFrame(packet, version, output);
            return true;
        }

        PacketCodec.EncodeTextUtf8(packet, output);
        return false;
    }

    /// <summary>Reads a packet from a text message.</summary>
    /// <param name="utf8">The message's UTF-8 bytes.</param>
    /// <param name="version">The session's revision: it decides the form of a base64 packet (<c>b4…</c> in revision
    /// 3, <c>b…</c> in revision 4).</param>
    /// <returns>The packet; it holds a copy of the data, so the caller may reuse <paramref name="utf8"/>'s memory.</returns>
    /// <exception cref="EngineIoParseException">The message is not an Engine.IO packet (empty, an unknown type, bad
    /// base64).</exception>
    public static EngineIoPacket DecodeText(ReadOnlySpan<byte> utf8, EngineIoVersion version) => PacketCodec.DecodeTextUtf8(utf8, version);

    /// <summary>Reads a packet from a binary message.</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="version">The session's revision: in revision 3 the message starts with the packet type byte.</param>
    /// <returns>The packet; it holds a copy of the bytes, so the caller may reuse <paramref name="data"/>'s memory.</returns>
    /// <exception cref="EngineIoParseException">The message is not an Engine.IO packet (revision 3: empty, or an
    /// unknown type byte).</exception>
    public static EngineIoPacket DecodeBinary(ReadOnlySpan<byte> data, EngineIoVersion version) => PacketCodec.DecodeBinaryFrame(data, version);
}
