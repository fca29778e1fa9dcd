using System.Buffers;

namespace Tusk.EngineIO.Protocol;

/// <summary>
/// Engine.IO payloads: the packets of one HTTP long-polling body, in both protocol revisions (§1.6). Revision 4
/// separates packets with <c>\x1e</c> and writes binary as <c>b&lt;base64&gt;</c>; revision 3 prefixes each packet
/// with its length in UTF-16 code units (<c>6:4hello</c>), or uses the XHR2 binary form (<c>application/octet-stream</c>).
/// These are the codecs the built-in <c>polling</c> transport uses; with them a polling transport of your own (another
/// HTTP stack, a proxy, a test double) does not re-implement the framing.
/// </summary>
/// <remarks>
/// <para>Encoding writes straight into the caller's buffer writer, with no intermediate strings. Decoding is bounded by
/// the body: it allocates the list and each packet's data, and a body of more than <see cref="MaxPacketsPerPayload"/>
/// packets is a parse error (revision 4 counts them before decoding any, revision 3 stops at the first one too many).</para>
/// <para>Thread-safe: the codec has no state.</para>
/// <para>Thread safety: stateless; every member is safe to call from any thread, concurrently. (A caller that shares one
/// buffer writer between threads must serialize its own writes.)</para>
/// </remarks>
public static class EngineIoPayloadCodec
{
    /// <summary>The <c>Content-Type</c> of a text payload.</summary>
    public const string TextContentType = "text/plain;charset=UTF-8";

    /// <summary>The <c>Content-Type</c> of a binary payload (revision 3's XHR2 form).</summary>
    public const string BinaryContentType = "application/octet-stream";

    /// <summary>The most packets one payload may hold (100,000). A real server batches what it buffered for one poll;
    /// a body beyond this (such as millions of two-byte noops) is hostile, and decoding it throws.</summary>
    public const int MaxPacketsPerPayload = PayloadFraming.MaxPacketsPerPayload;

    /// <summary>Writes <paramref name="packets"/> as one request body.</summary>
    /// <param name="packets">The packets, in order.</param>
    /// <param name="version">The session's revision (<see cref="Transports.EngineIoTransportContext.Version"/>);
    /// <see cref="EngineIoVersion.Auto"/> writes revision 4.</param>
    /// <param name="output">Receives the body.</param>
    /// <param name="preferBinary">Revision 3 only: write the XHR2 binary form even when no packet is binary (the form
    /// socket.io 1.x servers answer in, and the one whose text they read correctly). Revision 3 uses it anyway when a
    /// packet is binary.</param>
    /// <returns>The <c>Content-Type</c> to send the body with: <see cref="TextContentType"/> or <see cref="BinaryContentType"/>.</returns>
    /// <exception cref="ArgumentException">A packet cannot be written (see <see cref="EngineIoPacketCodec.Encode"/>).</exception>
    public static string Encode(IReadOnlyList<EngineIoPacket> packets, EngineIoVersion version, IBufferWriter<byte> output, bool preferBinary = false)
    {
        ArgumentNullException.ThrowIfNull(packets);
        return Encode(packets, 0, packets.Count, version, output, preferBinary);
    }

    /// <summary>Writes <paramref name="count"/> packets from <paramref name="start"/> as one request body: one request
    /// of a batch split with <see cref="CountFitting"/>.</summary>
    /// <param name="packets">The packets, in order.</param>
    /// <param name="start">The first packet to write.</param>
    /// <param name="count">How many packets to write.</param>
    /// <param name="version">The session's revision; <see cref="EngineIoVersion.Auto"/> writes revision 4.</param>
    /// <param name="output">Receives the body.</param>
    /// <param name="preferBinary">Revision 3 only: write the XHR2 binary form even when no packet is binary.</param>
    /// <returns>The <c>Content-Type</c> to send the body with: <see cref="TextContentType"/> or <see cref="BinaryContentType"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> and <paramref name="count"/> are not a
    /// range of <paramref name="packets"/>.</exception>
    /// <exception cref="ArgumentException">A packet cannot be written (see <see cref="EngineIoPacketCodec.Encode"/>).</exception>
    public static string Encode(IReadOnlyList<EngineIoPacket> packets, int start, int count, EngineIoVersion version, IBufferWriter<byte> output, bool preferBinary = false)
    {
        ArgumentNullException.ThrowIfNull(packets);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, packets.Count - start);
        var binary = false;
        for (var i = start; i < start + count; i++)
        {
            var packet = packets[i];
            PacketCodec.Validate(packet, version, nameof(packets));
            binary |= packet.IsBinary;
        }

        if (version != EngineIoVersion.V3)
        {
            PayloadCodecV4.Encode(packets, start, count, output);
            return TextContentType;
        }

        if (preferBinary || binary)
        {
            PayloadCodecV3.EncodeBinary(packets, start, count, output);
            return BinaryContentType;
        }

        PayloadCodecV3.EncodeText(packets, start, count, output);
        return TextContentType;
    }

    /// <summary>How many packets from <paramref name="start"/> fit into one request body under the server's
    /// <c>maxPayload</c> (revision 4; <see cref="Transports.EngineIoTransportContext.MaxPayload"/>). Always at least
    /// one: a single packet larger than the limit still goes alone, and the server then refuses it.</summary>
    /// <param name="packets">The packets to send.</param>
    /// <param name="start">The first packet not sent yet.</param>
    /// <param name="maxPayload">The limit in bytes; <see langword="null"/> for none (every remaining packet fits).</param>
    /// <returns>The number of packets for the next request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is not an index of <paramref name="packets"/>.</exception>
    public static int CountFitting(IReadOnlyList<EngineIoPacket> packets, int start, long? maxPayload)
    {
        ArgumentNullException.ThrowIfNull(packets);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(start, packets.Count);
        return PayloadBatcher.CountFitting(packets, start, maxPayload);
    }

    /// <summary>Reads the packets of a response body the caller keeps using (a span of a reused buffer): every packet
    /// holds a copy of its data.</summary>
    /// <param name="body">The body.</param>
    /// <param name="binaryContentType">Whether the response's <c>Content-Type</c> was <see cref="BinaryContentType"/>.
    /// A revision 3 body that starts with an XHR2 marker byte is read as binary either way.</param>
    /// <param name="version">The session's revision; <see cref="EngineIoVersion.Auto"/> tells it from the framing
    /// (<see cref="DetectVersion"/>).</param>
    /// <returns>The packets, in order.</returns>
    /// <exception cref="EngineIoParseException">The body is not a payload of that revision, or holds more than
    /// <see cref="MaxPacketsPerPayload"/> packets.</exception>
    public static IReadOnlyList<EngineIoPacket> Decode(ReadOnlySpan<byte> body, bool binaryContentType, EngineIoVersion version) =>
        PayloadFraming.Decode(body, binaryContentType, Resolve(body, binaryContentType, version));

    /// <summary>Reads the packets of a response body that the caller hands over and never writes to again (typically
    /// the array an HTTP response was read into): a text message that takes at least half the body keeps its slice of
    /// it instead of a copy, so a large message costs its size once. A small packet never keeps a large body alive.</summary>
    /// <param name="body">The body; it must not change afterwards.</param>
    /// <param name="binaryContentType">Whether the response's <c>Content-Type</c> was <see cref="BinaryContentType"/>.
    /// A revision 3 body that starts with an XHR2 marker byte is read as binary either way.</param>
    /// <param name="version">The session's revision; <see cref="EngineIoVersion.Auto"/> tells it from the framing
    /// (<see cref="DetectVersion"/>).</param>
    /// <returns>The packets, in order.</returns>
    /// <exception cref="EngineIoParseException">The body is not a payload of that revision, or holds more than
    /// <see cref="MaxPacketsPerPayload"/> packets.</exception>
    public static IReadOnlyList<EngineIoPacket> DecodeOwned(ReadOnlyMemory<byte> body, bool binaryContentType, EngineIoVersion version) =>
        PayloadFraming.DecodeOwned(body, binaryContentType, Resolve(body.Span, binaryContentType, version));

    /// <summary>Tells the server's revision from the framing of a response body (in practice the handshake's): a length
    /// prefix (<c>96:0{…</c>) or an XHR2 binary payload is revision 3, bare packets (<c>0{…</c>) revision 4. Servers
    /// before engine.io 4 ignore the <c>EIO=4</c> the handshake is sent with and answer in their own framing.</summary>
    /// <param name="body">The body.</param>
    /// <param name="binaryContentType">Whether the response's <c>Content-Type</c> was <see cref="BinaryContentType"/>.</param>
    /// <returns><see cref="EngineIoVersion.V3"/> or <see cref="EngineIoVersion.V4"/>.</returns>
    public static EngineIoVersion DetectVersion(ReadOnlySpan<byte> body, bool binaryContentType) => PayloadFraming.Detect(body, binaryContentType);

    private static EngineIoVersion Resolve(ReadOnlySpan<byte> body, bool binaryContentType, EngineIoVersion version) =>
        version == EngineIoVersion.Auto ? PayloadFraming.Detect(body, binaryContentType) : version;
}
