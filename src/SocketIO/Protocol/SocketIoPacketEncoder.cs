using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tusk.SocketIO.Protocol;

/// <summary>Writes the text header of a packet: <c>&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;][&lt;json&gt;]</c>.</summary>
internal static class SocketIoPacketEncoder
{
    /// <summary>Encodes <paramref name="packet"/> for <paramref name="protocol"/>; attachments travel separately.</summary>
    public static string Encode(SocketIoPacket packet, SocketIoProtocol protocol) => Encoding.UTF8.GetString(EncodeUtf8(packet, protocol).Span);

    /// <summary>
    /// Encodes <paramref name="packet"/> for <paramref name="protocol"/> as UTF-8 (attachments travel separately). A
    /// packet whose UTF-8 payload has room for the header in front of it (<see cref="SocketIoPacket.HeaderRoom"/>, an
    /// emit's arguments) gets its header written there, and the result is that array from the header on: no copy.
    /// Otherwise header and payload are copied into a new array of their size.
    /// </summary>
    /// <remarks>The room is written under the session's send lock, and the same packet always gets the same header
    /// there, so a packet encoded twice (a buffered emit after a reconnection) writes the same bytes again.</remarks>
    public static ReadOnlyMemory<byte> EncodeUtf8(SocketIoPacket packet, SocketIoProtocol protocol)
    {
        var type = packet.Type;
        var attachments = packet.Attachments.Count;
        if (attachments > 0)
        {
            type = type switch
            {
                SocketIoPacketType.Event => SocketIoPacketType.BinaryEvent,
                // Protocol v3 has no BINARY_ACK: its ACK always carries the count.
                SocketIoPacketType.Ack when protocol != SocketIoProtocol.V3 => SocketIoPacketType.BinaryAck,
                _ => type,
            };
        }
        else if (type == SocketIoPacketType.BinaryEvent)
        {
            type = SocketIoPacketType.Event;
        }
        else if (type == SocketIoPacketType.BinaryAck)
        {
            type = SocketIoPacketType.Ack;
        }

        var withCount = type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck ||
            (type == SocketIoPacketType.Ack && protocol == SocketIoProtocol.V3);
        var withNamespace = packet.Namespace != "/" || !string.IsNullOrEmpty(packet.Query);

        // The header (type, count, namespace, id) is built on the stack, as UTF-8 (the namespace and query may not be
        // ASCII), then joined with the payload.
        var nsBytes = withNamespace ? Encoding.UTF8.GetByteCount(packet.Namespace) + (packet.Query is { } q ? Encoding.UTF8.GetByteCount(q) : 0) + 2 : 0;
        var headerLength = 1 + 21 + (withCount ? 12 : 0) + nsBytes;
        Span<byte> header = headerLength <= 512 ? stackalloc byte[headerLength] : new byte[headerLength];
        var written = 0;
        header[written++] = (byte)('0' + (int)type);
        if (withCount)
        {
            attachments.TryFormat(header[written..], out var count, provider: CultureInfo.InvariantCulture);
            written += count;
            header[written++] = (byte)'-';
        }

        if (withNamespace)
        {
            written += Encoding.UTF8.GetBytes(packet.Namespace, header[written..]);
            if (!string.IsNullOrEmpty(packet.Query))
            {
                header[written++] = (byte)'?';
                written += Encoding.UTF8.GetBytes(packet.Query, header[written..]);
            }

            header[written++] = (byte)',';
        }

        if (packet.Id is { } id)
        {
            id.TryFormat(header[written..], out var digits, provider: CultureInfo.InvariantCulture);
            written += digits;
        }

        header = header[..written];
        if (packet.PayloadUtf8 is { } utf8)
        {
            if (written <= packet.HeaderRoom && MemoryMarshal.TryGetArray(utf8, out var segment) && segment.Offset >= written)
            {
                var start = segment.Offset - written;
                header.CopyTo(segment.Array.AsSpan(start));
                return segment.Array.AsMemory(start, written + segment.Count);
            }

            var joined = GC.AllocateUninitializedArray<byte>(written + utf8.Length);
            header.CopyTo(joined);
            utf8.Span.CopyTo(joined.AsSpan(written));
            return joined;
        }

        var payload = packet.Payload;
        var frame = GC.AllocateUninitializedArray<byte>(written + (payload is null ? 0 : Encoding.UTF8.GetByteCount(payload)));
        header.CopyTo(frame);
        if (payload is not null)
        {
            Encoding.UTF8.GetBytes(payload, frame.AsSpan(written));
        }

        return frame;
    }
}
