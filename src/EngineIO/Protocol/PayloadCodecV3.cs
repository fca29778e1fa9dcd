using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tusk.EngineIO.Protocol;

/// <summary>
/// The revision 3 polling payloads: the text form <c>&lt;len&gt;:&lt;packet&gt;…</c> with lengths in UTF-16 code
/// units (§1.6.2), and the XHR2 binary form used by engine.io 1.x–3.x servers (§1.6.3).
/// </summary>
internal static class PayloadCodecV3
{
    private const int MaxLengthDigits = 10;
    private const byte StringMarker = 0x00;
    private const byte BinaryMarker = 0x01;
    private const byte LengthTerminator = 0xFF;

    /// <summary>True when a response body is the XHR2 binary form (it starts with a string or binary marker byte).</summary>
    public static bool IsBinaryPayload(ReadOnlySpan<byte> body) => !body.IsEmpty && body[0] is StringMarker or BinaryMarker;

    public static void EncodeText(IReadOnlyList<EngineIoPacket> packets, IBufferWriter<byte> output) => EncodeText(packets, 0, packets.Count, output);

    /// <summary>Writes <paramref name="count"/> packets from <paramref name="start"/> as a text payload.</summary>
    public static void EncodeText(IReadOnlyList<EngineIoPacket> packets, int start, int count, IBufferWriter<byte> output)
    {
        if (count == 0)
        {
            output.Write("0:"u8);
            return;
        }

        for (var i = start; i < start + count; i++)
        {
            var packet = packets[i];
            // The prefix counts UTF-16 code units of the packet string; it is computed, not built.
            if (packet.IsBinary)
            {
                var data = packet.Binary.Span;
                var base64Length = Base64.GetMaxEncodedToUtf8Length(data.Length);
                WriteTextLength(output, 2 + base64Length);
                var span = output.GetSpan(2 + base64Length);
                span[0] = (byte)'b';
                span[1] = PacketCodec.TypeDigit(packet.Type);
                Base64.EncodeToUtf8(data, span[2..], out _, out var written);
                output.Advance(2 + written);
            }
            else
            {
                WriteTextLength(output, 1 + (packet.Text?.Length ?? 0));
                PacketCodec.EncodeTextUtf8(packet, output);
            }
        }
    }

    public static List<EngineIoPacket> DecodeText(ReadOnlySpan<byte> body) => DecodeText(body, default);

    /// <summary>
    /// Decodes a text payload straight from its UTF-8 bytes: the length prefixes count UTF-16 code units, which are
    /// counted while walking the bytes, so the body is never turned into one large string (nor each packet into a second
    /// copy). A message that takes most of the body keeps its slice of <paramref name="keep"/> (the same bytes, owned by
    /// the caller) when it is given.
    /// </summary>
    /// <exception cref="EngineIoParseException">The payload is malformed, or holds more than
    /// <see cref="PayloadFraming.MaxPacketsPerPayload"/> packets.</exception>
    public static List<EngineIoPacket> DecodeText(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> keep)
    {
        var packets = new List<EngineIoPacket>();
        if (body.SequenceEqual("0:"u8))
        {
            return packets;
        }

        if (body.IsEmpty)
        {
            throw new EngineIoParseException("An empty revision 3 polling payload was received.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new EngineIoParseException("A revision 3 polling payload is not valid UTF-8.");
        }

        var position = 0;
        while (position < body.Length)
        {
            var rest = body[position..];
            var colon = rest[..Math.Min(rest.Length, MaxLengthDigits + 1)].IndexOf((byte)':');
            if (colon <= 0 || !int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new EngineIoParseException("A revision 3 polling payload has a missing or invalid length prefix.");
            }

            var start = position + colon + 1;
            var end = length == 0 ? -1 : AdvanceUtf16(body, start, length);
            if (end < 0)
            {
                throw new EngineIoParseException(string.Create(CultureInfo.InvariantCulture,
                    $"A revision 3 polling payload announces a packet of {length} characters but fewer remain."));
            }

            PayloadFraming.CheckPacketCount(packets.Count + 1);
            packets.Add(PacketCodec.DecodeTextUtf8(body[start..end], PayloadFraming.SliceToKeep(keep, start, end - start, body.Length), EngineIoVersion.V3));
            position = end;
        }

        return packets;
    }

    /// <summary>The byte index where <paramref name="units"/> UTF-16 code units of UTF-8 text starting at
    /// <paramref name="start"/> end, or -1 when the text is shorter. An invalid sequence counts as the one replacement
    /// character a decoder would make of it.</summary>
    private static int AdvanceUtf16(ReadOnlySpan<byte> utf8, int start, int units)
    {
        var position = start;
        while (units > 0)
        {
            if (position >= utf8.Length)
            {
                return -1;
            }

            // ASCII runs (almost all of a JSON payload) one vectorized scan at a time.
            var run = utf8.Slice(position, Math.Min(units, utf8.Length - position));
            var ascii = run.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0)
            {
                position += run.Length;
                units -= run.Length;
                continue;
            }

            position += ascii;
            units -= ascii;
            if (units == 0)
            {
                break;
            }

            System.Text.Rune.DecodeFromUtf8(utf8[position..], out var rune, out var consumed);
            var width = rune.Utf16SequenceLength;
            if (width > units)
            {
                return -1;
            }

            units -= width;
            position += consumed;
        }

        return position;
    }

    public static void EncodeBinary(IReadOnlyList<EngineIoPacket> packets, IBufferWriter<byte> output) => EncodeBinary(packets, 0, packets.Count, output);

    /// <summary>Writes <paramref name="count"/> packets from <paramref name="start"/> as an XHR2 binary payload.</summary>
    public static void EncodeBinary(IReadOnlyList<EngineIoPacket> packets, int start, int count, IBufferWriter<byte> output)
    {
        for (var i = start; i < start + count; i++)
        {
            var packet = packets[i];
            if (packet.IsBinary)
            {
                var data = packet.Binary.Span;
                WriteHeader(output, BinaryMarker, data.Length + 1);
                output.GetSpan(1)[0] = (byte)packet.Type;
                output.Advance(1);
                output.Write(data);
            }
            else
            {
                var textLength = packet.TryGetUtf8Text(out var utf8) ? utf8.Length : packet.Text is { } text ? Encoding.UTF8.GetByteCount(text) : 0;
                WriteHeader(output, StringMarker, 1 + textLength);
                PacketCodec.EncodeTextUtf8(packet, output);
            }
        }
    }

    public static List<EngineIoPacket> DecodeBinary(ReadOnlySpan<byte> body) => DecodeBinary(body, default);

    /// <summary>Decodes a binary payload; a text message that takes most of the body keeps its slice of
    /// <paramref name="keep"/> (the same bytes, owned by the caller) when it is given.</summary>
    /// <exception cref="EngineIoParseException">The payload is malformed, or holds more than
    /// <see cref="PayloadFraming.MaxPacketsPerPayload"/> packets.</exception>
    public static List<EngineIoPacket> DecodeBinary(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> keep)
    {
        var total = body.Length;
        if (body.IsEmpty)
        {
            throw new EngineIoParseException("An empty revision 3 binary polling payload was received.");
        }

        var packets = new List<EngineIoPacket>();
        while (!body.IsEmpty)
        {
            var marker = body[0];
            if (marker is not (StringMarker or BinaryMarker))
            {
                throw new EngineIoParseException(string.Create(CultureInfo.InvariantCulture,
                    $"A revision 3 binary polling payload has an invalid packet marker 0x{marker:x2}."));
            }

            var length = 0L;
            var position = 1;
            for (; position < body.Length && body[position] != LengthTerminator; position++)
            {
                if (body[position] > 9 || position > MaxLengthDigits)
                {
                    throw new EngineIoParseException("A revision 3 binary polling payload has an invalid length.");
                }

                length = (length * 10) + body[position];
            }

            if (position == 1 || position >= body.Length)
            {
                throw new EngineIoParseException("A revision 3 binary polling payload has a missing length.");
            }

            body = body[(position + 1)..];
            if (length == 0 || length > body.Length)
            {
                throw new EngineIoParseException(string.Create(CultureInfo.InvariantCulture,
                    $"A revision 3 binary polling payload announces {length} bytes but {body.Length} remain."));
            }

            var content = body[..(int)length];
            PayloadFraming.CheckPacketCount(packets.Count + 1);
            if (marker == StringMarker && !System.Text.Unicode.Utf8.IsValid(content))
            {
                throw new EngineIoParseException("A text packet in a revision 3 binary polling payload is not valid UTF-8.");
            }

            packets.Add(marker == StringMarker
                ? PacketCodec.DecodeTextUtf8(content, PayloadFraming.SliceToKeep(keep, total - body.Length, (int)length, total), EngineIoVersion.V3)
                : PacketCodec.DecodeBinaryFrame(content, EngineIoVersion.V3));
            body = body[(int)length..];
        }

        return packets;
    }

    private static void WriteTextLength(IBufferWriter<byte> output, int length)
    {
        var span = output.GetSpan(MaxLengthDigits + 2);
        length.TryFormat(span, out var count, provider: CultureInfo.InvariantCulture);
        span[count] = (byte)':';
        output.Advance(count + 1);
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte marker, int length)
    {
        Span<char> digits = stackalloc char[MaxLengthDigits + 1];
        length.TryFormat(digits, out var count, provider: CultureInfo.InvariantCulture);
        var span = output.GetSpan(count + 2);
        span[0] = marker;
        for (var i = 0; i < count; i++)
        {
            span[1 + i] = (byte)(digits[i] - '0');
        }

        span[count + 1] = LengthTerminator;
        output.Advance(count + 2);
    }
}
