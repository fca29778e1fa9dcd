namespace Tusk.EngineIO.Protocol;

/// <summary>Tells the revision from the framing of a polling response (§0 "Probing strategy") and decodes it.</summary>
internal static class PayloadFraming
{
    /// <summary>
    /// The most packets one polling payload may hold. A real server batches what it buffered for one poll (hundreds,
    /// a few thousand under load); a payload beyond this is hostile (e.g. millions of two-byte noops, whose decoded
    /// list would take tens of times the body's size) and a parse error.
    /// </summary>
    public const int MaxPacketsPerPayload = 100_000;

    /// <exception cref="EngineIoParseException">More than <see cref="MaxPacketsPerPayload"/> packets.</exception>
    public static void CheckPacketCount(int count)
    {
        if (count > MaxPacketsPerPayload)
        {
            throw new EngineIoParseException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"A polling payload holds {count} packets, more than the {MaxPacketsPerPayload} a server sends in one response."));
        }
    }

    /// <summary>
    /// The part of a body a packet may keep instead of copying it: only a packet that takes at least half the body, so
    /// that a small packet kept by the application never holds a large body alive. Empty when nothing may be kept.
    /// </summary>
    public static ReadOnlyMemory<byte> SliceToKeep(ReadOnlyMemory<byte> body, int offset, int length, int bodyLength) =>
        !body.IsEmpty && length * 2L >= bodyLength ? body.Slice(offset, length) : default;

    /// <summary>
    /// Revision 3 servers answer with a length-prefixed text payload (<c>96:0{…</c>) or an XHR2 binary payload;
    /// revision 4 servers with bare packets (<c>0{…</c>).
    /// </summary>
    public static EngineIoVersion Detect(ReadOnlySpan<byte> body, bool binaryContentType)
    {
        if (binaryContentType || PayloadCodecV3.IsBinaryPayload(body))
        {
            return EngineIoVersion.V3;
        }

        var digits = 0;
        while (digits < body.Length && body[digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        return digits > 0 && digits < body.Length && body[digits] == (byte)':' ? EngineIoVersion.V3 : EngineIoVersion.V4;
    }

    /// <summary>Decodes a body the caller keeps using (e.g. a span of its own buffer): every message is a copy.</summary>
    /// <exception cref="EngineIoParseException">The payload is malformed, or holds more than
    /// <see cref="MaxPacketsPerPayload"/> packets.</exception>
    public static List<EngineIoPacket> Decode(ReadOnlySpan<byte> body, bool binaryContentType, EngineIoVersion version) =>
        Decode(body, default, binaryContentType, version);

    /// <summary>Decodes a response body the caller owns and never reuses: a message that takes most of it keeps its
    /// slice instead of a copy.</summary>
    /// <exception cref="EngineIoParseException">The payload is malformed, or holds more than
    /// <see cref="MaxPacketsPerPayload"/> packets.</exception>
    public static List<EngineIoPacket> DecodeOwned(ReadOnlyMemory<byte> body, bool binaryContentType, EngineIoVersion version) =>
        Decode(body.Span, body, binaryContentType, version);

    private static List<EngineIoPacket> Decode(ReadOnlySpan<byte> span, ReadOnlyMemory<byte> keep, bool binaryContentType, EngineIoVersion version)
    {
        if (version == EngineIoVersion.V3)
        {
            return binaryContentType || PayloadCodecV3.IsBinaryPayload(span) ? PayloadCodecV3.DecodeBinary(span, keep) : PayloadCodecV3.DecodeText(span, keep);
        }

        return PayloadCodecV4.Decode(span, keep);
    }
}
