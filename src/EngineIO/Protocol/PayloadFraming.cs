namespace Tusk.EngineIO.Protocol;

/// <summary>Tells the revision from the framing of a polling response (§0 "Probing strategy") and decodes it.</summary>
internal static class PayloadFraming
{
    /// <summary>
    /// Revision 3 servers answer with a length-prefixed text payload (<c>96:0{…</c>) or an XHR2 binary payload;
    /// revision 4 servers with bare packets (<c>0{…</c>).
    /// </summary>
    public static EngineIOVersion Detect(ReadOnlySpan<byte> body, bool binaryContentType)
    {
        if (binaryContentType || PayloadCodecV3.IsBinaryPayload(body))
        {
            return EngineIOVersion.V3;
        }

        var digits = 0;
        while (digits < body.Length && body[digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        return digits > 0 && digits < body.Length && body[digits] == (byte)':' ? EngineIOVersion.V3 : EngineIOVersion.V4;
    }

    public static List<EngineIOPacket> Decode(ReadOnlySpan<byte> body, bool binaryContentType, EngineIOVersion version)
    {
        if (version == EngineIOVersion.V3)
        {
            return binaryContentType || PayloadCodecV3.IsBinaryPayload(body) ? PayloadCodecV3.DecodeBinary(body) : PayloadCodecV3.DecodeText(body);
        }

        return PayloadCodecV4.Decode(body);
    }
}
