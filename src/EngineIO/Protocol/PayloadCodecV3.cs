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

    public static void EncodeText(IReadOnlyList<EngineIOPacket> packets, IBufferWriter<byte> output)
    {
        if (packets.Count == 0)
        {
            output.Write("0:"u8);
            return;
        }

        foreach (var packet in packets)
        {
            // The prefix counts UTF-16 code units of the packet string; it is computed, not built.
            if (packet.IsBinary)
            {
                var data = packet.Binary.Span;
                var base64Length = Base64.GetMaxEncodedToUtf8Length(data.Length);
                WriteTextLength(output, 2 + base64Length);
                var span = output.GetSpan(2 + base64Length);
                span[0] = (byte)'b';
                span[1] = (byte)('0' + (int)packet.Type);
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

    public static List<EngineIOPacket> DecodeText(ReadOnlySpan<byte> body) => DecodeText(Encoding.UTF8.GetString(body).AsSpan());

    public static List<EngineIOPacket> DecodeText(ReadOnlySpan<char> payload)
    {
        var packets = new List<EngineIOPacket>();
        if (payload.SequenceEqual("0:"))
        {
            return packets;
        }

        if (payload.IsEmpty)
        {
            throw new EngineIOParseException("An empty revision 3 polling payload was received.");
        }

        while (!payload.IsEmpty)
        {
            var colon = payload.IndexOf(':');
            if (colon <= 0 || colon > MaxLengthDigits || !int.TryParse(payload[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new EngineIOParseException("A revision 3 polling payload has a missing or invalid length prefix.");
            }

            payload = payload[(colon + 1)..];
            if (length == 0 || length > payload.Length)
            {
                throw new EngineIOParseException(string.Create(CultureInfo.InvariantCulture,
                    $"A revision 3 polling payload announces a packet of {length} characters but {payload.Length} remain."));
            }

            packets.Add(PacketCodec.DecodeText(payload[..length], EngineIOVersion.V3));
            payload = payload[length..];
        }

        return packets;
    }

    public static void EncodeBinary(IReadOnlyList<EngineIOPacket> packets, IBufferWriter<byte> output)
    {
        foreach (var packet in packets)
        {
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
                WriteHeader(output, StringMarker, 1 + (packet.Text is { } text ? Encoding.UTF8.GetByteCount(text) : 0));
                PacketCodec.EncodeTextUtf8(packet, output);
            }
        }
    }

    public static List<EngineIOPacket> DecodeBinary(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new EngineIOParseException("An empty revision 3 binary polling payload was received.");
        }

        var packets = new List<EngineIOPacket>();
        while (!body.IsEmpty)
        {
            var marker = body[0];
            if (marker is not (StringMarker or BinaryMarker))
            {
                throw new EngineIOParseException(string.Create(CultureInfo.InvariantCulture,
                    $"A revision 3 binary polling payload has an invalid packet marker 0x{marker:x2}."));
            }

            var length = 0L;
            var position = 1;
            for (; position < body.Length && body[position] != LengthTerminator; position++)
            {
                if (body[position] > 9 || position > MaxLengthDigits)
                {
                    throw new EngineIOParseException("A revision 3 binary polling payload has an invalid length.");
                }

                length = (length * 10) + body[position];
            }

            if (position == 1 || position >= body.Length)
            {
                throw new EngineIOParseException("A revision 3 binary polling payload has a missing length.");
            }

            body = body[(position + 1)..];
            if (length == 0 || length > body.Length)
            {
                throw new EngineIOParseException(string.Create(CultureInfo.InvariantCulture,
                    $"A revision 3 binary polling payload announces {length} bytes but {body.Length} remain."));
            }

            var content = body[..(int)length];
            packets.Add(marker == StringMarker
                ? PacketCodec.DecodeTextUtf8(content, EngineIOVersion.V3)
                : PacketCodec.DecodeBinaryFrame(content, EngineIOVersion.V3));
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
