using System.Buffers;
using System.Globalization;
using System.Text;

namespace Tusk.EngineIO.Protocol;

/// <summary>Encodes and decodes single packets as carried by one WebSocket message (§1.7), for both revisions.</summary>
internal static class PacketCodec
{
    public const byte RecordSeparator = 0x1E;

    /// <summary>
    /// Checks that a packet from outside the session (the public codecs) can be written: a known type, and no binary
    /// packet other than a message in revision 4, whose binary forms (a raw frame, <c>b&lt;base64&gt;</c>) have no type.
    /// </summary>
    /// <exception cref="ArgumentException">The packet cannot be written.</exception>
    public static void Validate(in EngineIoPacket packet, EngineIoVersion version, string parameterName)
    {
        if (packet.Type is < EngineIoPacketType.Open or > EngineIoPacketType.Noop)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{(int)packet.Type} is not an Engine.IO packet type (0 open to 6 noop)."), parameterName);
        }

        if (packet.IsBinary && packet.Type != EngineIoPacketType.Message && version != EngineIoVersion.V3)
        {
            throw new ArgumentException(
                $"A binary {packet.Type} packet cannot be written in revision 4: its binary forms are always messages. Send the data as text, or as a message.",
                parameterName);
        }
    }

    /// <summary>The digit that starts a packet's text form, as a UTF-8 byte.</summary>
    public static byte TypeDigit(EngineIoPacketType type) => (byte)('0' + (int)type);

    /// <summary>The text form <c>&lt;type digit&gt;[data]</c> of a text packet.</summary>
    public static string EncodeText(in EngineIoPacket packet)
    {
        var digit = (char)TypeDigit(packet.Type);
        return packet.Text is { Length: > 0 } text ? string.Concat(new ReadOnlySpan<char>(in digit), text) : digit.ToString();
    }

    // Up to this many UTF-16 units a text asks for its worst-case UTF-8 size rather than counting its bytes first.
    private const int SmallText = 4096;

    /// <summary>The UTF-8 bytes of a text packet's text form, written without an intermediate string.</summary>
    public static void EncodeTextUtf8(in EngineIoPacket packet, IBufferWriter<byte> output)
    {
        output.GetSpan(1)[0] = TypeDigit(packet.Type);
        output.Advance(1);
        if (packet.TryGetUtf8Text(out var utf8))
        {
            output.Write(utf8.Span);
        }
        else if (packet.Text is { Length: > 0 } text)
        {
            // One request of the exact size for a long text: encoding piecewise into a growing buffer doubled it up to
            // twice the message (a 48 MB message allocated 128 MB of buffers on its way out).
            var size = text.Length <= SmallText ? Encoding.UTF8.GetMaxByteCount(text.Length) : Encoding.UTF8.GetByteCount(text);
            var written = Encoding.UTF8.GetBytes(text, output.GetSpan(size));
            output.Advance(written);
        }
    }

    /// <summary>Decodes a text packet from its UTF-8 bytes (a WebSocket text frame). A message keeps a copy of its
    /// UTF-8 bytes, not a UTF-16 string: half the memory, and the Socket.IO layer reads the bytes as they are.</summary>
    public static EngineIoPacket DecodeTextUtf8(ReadOnlySpan<byte> frame, EngineIoVersion version) => DecodeTextUtf8(frame, default, version);

    /// <summary>Decodes a text packet from its UTF-8 bytes; a message keeps <paramref name="keep"/> (the same bytes as
    /// <paramref name="frame"/>, owned by the caller and never reused) instead of a copy when it is given.</summary>
    public static EngineIoPacket DecodeTextUtf8(ReadOnlySpan<byte> frame, ReadOnlyMemory<byte> keep, EngineIoVersion version)
    {
        if (frame.IsEmpty)
        {
            throw new EngineIoParseException("An empty Engine.IO packet was received.");
        }

        if (frame[0] == (byte)'b')
        {
            return DecodeText(Encoding.UTF8.GetString(frame), version);
        }

        var type = ParseType((char)frame[0]);
        var data = frame[1..];
        if (type == EngineIoPacketType.Message)
        {
            return EngineIoPacket.FromUtf8(type, keep.IsEmpty ? data.ToArray() : keep[1..]);
        }

        return new EngineIoPacket(type, data.IsEmpty ? DataText(type, ReadOnlySpan<char>.Empty) : Encoding.UTF8.GetString(data));
    }

    /// <summary>
    /// Decodes a text packet from its UTF-8 bytes; a message's bytes are copied into an array rented from the shared
    /// pool instead of a new one (<see cref="EngineIoClientOptions.ReuseReceiveBuffers"/>), which the client returns once
    /// its reader has moved past the message.
    /// </summary>
    public static EngineIoPacket DecodeTextUtf8Pooled(ReadOnlySpan<byte> frame, EngineIoVersion version)
    {
        if (frame.Length < 2 || frame[0] != (byte)'0' + (int)EngineIoPacketType.Message)
        {
            return DecodeTextUtf8(frame, default, version);
        }

        var data = frame[1..];
        var array = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(array);
        return EngineIoPacket.FromPooledUtf8(EngineIoPacketType.Message, array.AsMemory(0, data.Length));
    }

    /// <summary>The binary frame of a binary packet: raw bytes in revision 4, a leading type byte in revision 3.</summary>
    public static void EncodeBinaryFrame(in EngineIoPacket packet, EngineIoVersion version, IBufferWriter<byte> output)
    {
        var data = packet.Binary.Span;
        if (version == EngineIoVersion.V3)
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
    public static string EncodeBase64(in EngineIoPacket packet, EngineIoVersion version)
    {
        var base64 = Convert.ToBase64String(packet.Binary.Span);
        return version == EngineIoVersion.V3 ? string.Concat("b", ((int)packet.Type).ToString(CultureInfo.InvariantCulture), base64) : "b" + base64;
    }

    /// <summary>Decodes a text packet (a text frame, or one packet of a payload).</summary>
    public static EngineIoPacket DecodeText(ReadOnlySpan<char> text, EngineIoVersion version)
    {
        if (text.IsEmpty)
        {
            throw new EngineIoParseException("An empty Engine.IO packet was received.");
        }

        if (text[0] == 'b')
        {
            return DecodeBase64(text[1..], version);
        }

        var type = ParseType(text[0]);
        return new EngineIoPacket(type, DataText(type, text[1..]));
    }

    /// <summary>Decodes a binary frame. The returned packet owns a copy of the bytes.</summary>
    public static EngineIoPacket DecodeBinaryFrame(ReadOnlySpan<byte> frame, EngineIoVersion version) => DecodeBinaryFrame(frame, default, version);

    /// <summary>Decodes a binary frame; the packet keeps <paramref name="keep"/> (the same bytes as
    /// <paramref name="frame"/>, owned by the caller and never reused) instead of a copy when it is given.</summary>
    public static EngineIoPacket DecodeBinaryFrame(ReadOnlySpan<byte> frame, ReadOnlyMemory<byte> keep, EngineIoVersion version)
    {
        if (version != EngineIoVersion.V3)
        {
            return EngineIoPacket.Message(keep.IsEmpty ? frame.ToArray() : keep);
        }

        if (frame.IsEmpty)
        {
            throw new EngineIoParseException("An empty binary Engine.IO packet was received (revision 3 needs a type byte).");
        }

        if (frame[0] > (byte)EngineIoPacketType.Noop)
        {
            throw new EngineIoParseException(string.Create(CultureInfo.InvariantCulture, $"Unknown Engine.IO packet type byte {frame[0]} in a binary packet."));
        }

        return new EngineIoPacket((EngineIoPacketType)frame[0], keep.IsEmpty ? frame[1..].ToArray() : keep[1..]);
    }

    /// <summary>The data of a text packet: a message always has text (possibly empty); other packets have none when empty.</summary>
    public static string? DataText(EngineIoPacketType type, ReadOnlySpan<char> data) =>
        data.IsEmpty ? (type == EngineIoPacketType.Message ? string.Empty : null) : data.ToString();

    public static EngineIoPacketType ParseType(char digit)
    {
        if (digit is < '0' or > '6')
        {
            throw new EngineIoParseException($"Unknown Engine.IO packet type '{Printable(digit)}'.");
        }

        return (EngineIoPacketType)(digit - '0');
    }

    private static EngineIoPacket DecodeBase64(ReadOnlySpan<char> rest, EngineIoVersion version)
    {
        var type = EngineIoPacketType.Message;
        if (version == EngineIoVersion.V3)
        {
            if (rest.IsEmpty)
            {
                throw new EngineIoParseException("A base64 Engine.IO packet has no type digit.");
            }

            type = ParseType(rest[0]);
            rest = rest[1..];
        }

        var bytes = new byte[(rest.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(rest, bytes, out var written))
        {
            throw new EngineIoParseException("A base64 Engine.IO packet is not valid base64.");
        }

        return new EngineIoPacket(type, bytes.AsMemory(0, written));
    }

    /// <summary>A packet as an exception message or a log line quotes it: its type, and its data cut short with control
    /// characters escaped (<see cref="Tusk.Internal.ServerTextPreview"/>); binary data by its length only.</summary>
    public static string Preview(in EngineIoPacket packet) =>
        packet.IsBinary ? packet.ToString()
        : packet.TryGetUtf8Text(out var utf8) ? $"{packet.Type} {Tusk.Internal.ServerTextPreview.Of(Encoding.UTF8.GetString(utf8.Span[..Math.Min(utf8.Length, 4 * Tusk.Internal.ServerTextPreview.MaxChars)]))}"
        : packet.Text is null ? packet.Type.ToString() : $"{packet.Type} {Tusk.Internal.ServerTextPreview.Of(packet.Text)}";

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
