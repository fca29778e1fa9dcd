using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Tusk.EngineIO.Protocol;

/// <summary>The revision 4 polling payload: packets separated by the record separator <c>\x1e</c>, binary as <c>b&lt;base64&gt;</c> (§1.6.1).</summary>
internal static class PayloadCodecV4
{
    public static void Encode(IReadOnlyList<EngineIoPacket> packets, IBufferWriter<byte> output) => Encode(packets, 0, packets.Count, output);

    /// <summary>Writes <paramref name="count"/> packets from <paramref name="start"/> (one request of a batch split under
    /// <c>maxPayload</c>) without copying them into a list of their own.</summary>
    public static void Encode(IReadOnlyList<EngineIoPacket> packets, int start, int count, IBufferWriter<byte> output)
    {
        for (var i = start; i < start + count; i++)
        {
            if (i > start)
            {
                output.GetSpan(1)[0] = PacketCodec.RecordSeparator;
                output.Advance(1);
            }

            var packet = packets[i];
            if (packet.IsBinary)
            {
                var data = packet.Binary.Span;
                var span = output.GetSpan(1 + Base64.GetMaxEncodedToUtf8Length(data.Length));
                span[0] = (byte)'b';
                Base64.EncodeToUtf8(data, span[1..], out _, out var written);
                output.Advance(1 + written);
            }
            else
            {
                ThrowIfHoldsRecordSeparator(packet);
                PacketCodec.EncodeTextUtf8(packet, output);
            }
        }
    }

    /// <summary>Whether a text packet's data holds the record separator, which would end it early in a payload and make
    /// what follows a packet of its own (<c>x\x1e42["pwn"]</c> is two packets on the server).</summary>
    public static bool HoldsRecordSeparator(in EngineIoPacket packet) =>
        packet.TryGetUtf8Text(out var utf8) ? utf8.Span.Contains(PacketCodec.RecordSeparator)
        : packet.Text is { } text && text.Contains((char)PacketCodec.RecordSeparator);

    /// <exception cref="ArgumentException">The packet's text holds the record separator: the whole payload is refused
    /// rather than sent with the packet split in two.</exception>
    public static void ThrowIfHoldsRecordSeparator(in EngineIoPacket packet)
    {
        if (HoldsRecordSeparator(packet))
        {
            throw new ArgumentException(RecordSeparatorMessage, nameof(packet));
        }
    }

    public const string RecordSeparatorMessage =
        "A text message holds the record separator U+001E, which separates packets in a revision 4 polling payload: the server would read the rest as packets of their own. It was not sent; escape it (JSON does) or send the data as binary.";

    public static List<EngineIoPacket> Decode(ReadOnlySpan<byte> body) => Decode(body, default);

    /// <summary>Decodes a payload whose bytes the caller owns and never reuses (<paramref name="keep"/>, the same bytes
    /// as <paramref name="body"/>): a message that takes most of the body keeps its slice of it instead of a copy.</summary>
    /// <exception cref="EngineIoParseException">The payload is malformed, or holds more than
    /// <see cref="PayloadFraming.MaxPacketsPerPayload"/> packets.</exception>
    public static List<EngineIoPacket> Decode(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> keep)
    {
        // The whole body is text (binary travels as base64): one vectorized pass, as a WebSocket text frame is checked.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new EngineIoParseException("A revision 4 polling payload is not valid UTF-8.");
        }

        // Counted before anything is decoded: a flood of two-byte packets ("6\x1e6\x1e...") must not become tens of
        // millions of list entries first.
        var count = body.Count(PacketCodec.RecordSeparator) + 1;
        PayloadFraming.CheckPacketCount(count);
        var packets = new List<EngineIoPacket>(count);
        var offset = 0;
        while (true)
        {
            var rest = body[offset..];
            var end = rest.IndexOf(PacketCodec.RecordSeparator);
            var segment = end < 0 ? rest : rest[..end];
            packets.Add(DecodeSegment(segment, PayloadFraming.SliceToKeep(keep, offset, segment.Length, body.Length)));
            if (end < 0)
            {
                return packets;
            }

            offset += end + 1;
        }
    }

    private static EngineIoPacket DecodeSegment(ReadOnlySpan<byte> segment, ReadOnlyMemory<byte> keep)
    {
        if (segment.IsEmpty)
        {
            throw new EngineIoParseException("An empty packet was found in a revision 4 polling payload.");
        }

        if (segment[0] == (byte)'b')
        {
            var base64 = segment[1..];
            var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
            if (Base64.DecodeFromUtf8(base64, bytes, out _, out var written) != OperationStatus.Done)
            {
                throw new EngineIoParseException("A binary packet in a revision 4 polling payload is not valid base64.");
            }

            return EngineIoPacket.Message(bytes.AsMemory(0, written));
        }

        return PacketCodec.DecodeTextUtf8(segment, keep, EngineIoVersion.V4);
    }
}
