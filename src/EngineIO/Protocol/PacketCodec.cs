using System.Buffers;
using System.Globalization;
using System.Text;

namespace Tusk.EngineIO.Protocol;

/// <summary>Encodes and decodes single packets as carried by one WebSocket message (§1.7), for both revisions.</summary>
internal static class PacketCodec
{
    public const byte RecordSeparator = 0x1E;

    /// <summary>The text form <c>&lt;type digit&gt;[data]</c> of a text packet.</summary>
    public static string EncodeText(in EngineIOPacket packet)
    {
        var digit = (char)('0' + (int)packet.Type);
        return packet.Text is { Length: > 0 } text ? string.Concat(new ReadOnlySpan<char>(in digit), text) : digit.ToString();
    }

    /// <summary>The UTF-8 bytes of a text packet's text form, written without an intermediate string.</summary>
    public static void EncodeTextUtf8(in EngineIOPacket packet, IBufferWriter<byte> output)
    {
        output.GetSpan(1)[0] = (byte)('0' + (int)packet.Type);
        output.Advance(1);
        if (packet.TryGetUtf8Text(out var utf8))
        {
            output.Write(utf8.Span);
        }
        else if (packet.Text is { Length: > 0 } text)
        {
            Encoding.UTF8.GetBytes(text, output);
        }
    }

    /// <summary>Decodes a text packet from its UTF-8 bytes (a WebSocket text frame). A message keeps a copy of its
    /// UTF-8 bytes, not a UTF-16 string: half the memory, and the Socket.IO layer reads the bytes as they are.</summary>
    public static EngineIOPacket DecodeTextUtf8(ReadOnlySpan<byte> frame, EngineIOVersion version) => DecodeTextUtf8(frame, default, version);

    /// <summary>Decodes a text packet from its UTF-8 bytes; a message keeps <paramref name="keep"/> (the same bytes as
    /// <paramref name="frame"/>, owned by the caller and never reused) instead of a copy when it is given.</summary>
    public static EngineIOPacket DecodeTextUtf8(ReadOnlySpan<byte> frame, ReadOnlyMemory<byte> keep, EngineIOVersion version)
    {
        if (frame.IsEmpty)
        {
            throw new EngineIOParseException("An empty Engine.IO packet was received.");
        }

        if (frame[0] == (byte)'b')
        {
            return DecodeText(Encoding.UTF8.GetString(frame), version);
        }

        var type = ParseType((char)frame[0]);
        var data = frame[1..];
        if (type == EngineIOPacketType.Message)
        {
            return EngineIOPacket.FromUtf8(type, keep.IsEmpty ? data.ToArray() : keep[1..]);
        }

        return new EngineIOPacket(type, data.IsEmpty ? DataText(type, ReadOnlySpan<char>.Empty) : Encoding.UTF8.GetString(data));
    }

    /// <summary>The binary frame of a binary packet: raw bytes in revision 4, a leading type byte in revision 3.</summary>
    public static void EncodeBinaryFrame(in EngineIOPacket packet, EngineIOVersion version, IBufferWriter<byte> output)
    {
        var data = packet.Binary.Span;
        if (version == EngineIOVersion.V3)
        {
            var span = output.GetSpan(data.Length + 1);
            span[0] = (byte)packet.Type;
            data.CopyTo(span[1..]);
            output.Advance(data.Length + 1);
        }
        else
        {
            output.Write(data);
        }
    }

    /// <summary>The base64 text form of a binary packet: <c>b4…</c> in revision 3, <c>b…</c> in revision 4.</summary>
    public static string EncodeBase64(in EngineIOPacket packet, EngineIOVersion version)
    {
        var base64 = Convert.ToBase64String(packet.Binary.Span);
        return version == EngineIOVersion.V3 ? string.Concat("b", ((int)packet.Type).ToString(CultureInfo.InvariantCulture), base64) : "b" + base64;
    }

    /// <summary>Decodes a text packet (a text frame, or one packet of a payload).</summary>
    public static EngineIOPacket DecodeText(ReadOnlySpan<char> text, EngineIOVersion version)
    {
        if (text.IsEmpty)
        {
            throw new EngineIOParseException("An empty Engine.IO packet was received.");
        }

        if (text[0] == 'b')
        {
            return DecodeBase64(text[1..], version);
        }

        var type = ParseType(text[0]);
        return new EngineIOPacket(type, DataText(type, text[1..]));
    }

    /// <summary>Decodes a binary frame. The returned packet owns a copy of the bytes.</summary>
    public static EngineIOPacket DecodeBinaryFrame(ReadOnlySpan<byte> frame, EngineIOVersion version)
    {
        if (version != EngineIOVersion.V3)
        {
            return EngineIOPacket.Message(frame.ToArray());
        }

        if (frame.IsEmpty)
        {
            throw new EngineIOParseException("An empty binary Engine.IO packet was received (revision 3 needs a type byte).");
        }

        if (frame[0] > (byte)EngineIOPacketType.Noop)
        {
            throw new EngineIOParseException(string.Create(CultureInfo.InvariantCulture, $"Unknown Engine.IO packet type byte {frame[0]} in a binary packet."));
        }

        return new EngineIOPacket((EngineIOPacketType)frame[0], frame[1..].ToArray());
    }

    /// <summary>The data of a text packet: a message always has text (possibly empty); other packets have none when empty.</summary>
    public static string? DataText(EngineIOPacketType type, ReadOnlySpan<char> data) =>
        data.IsEmpty ? (type == EngineIOPacketType.Message ? string.Empty : null) : data.ToString();

    public static EngineIOPacketType ParseType(char digit)
    {
        if (digit is < '0' or > '6')
        {
            throw new EngineIOParseException($"Unknown Engine.IO packet type '{Printable(digit)}'.");
        }

        return (EngineIOPacketType)(digit - '0');
    }

    private static EngineIOPacket DecodeBase64(ReadOnlySpan<char> rest, EngineIOVersion version)
    {
        var type = EngineIOPacketType.Message;
        if (version == EngineIOVersion.V3)
        {
            if (rest.IsEmpty)
            {
                throw new EngineIOParseException("A base64 Engine.IO packet has no type digit.");
            }

            type = ParseType(rest[0]);
            rest = rest[1..];
        }

        var bytes = new byte[(rest.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(rest, bytes, out var written))
        {
            throw new EngineIOParseException("A base64 Engine.IO packet is not valid base64.");
        }

        return new EngineIOPacket(type, bytes.AsMemory(0, written));
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
