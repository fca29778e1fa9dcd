using System.Globalization;

namespace Tusk.SocketIO.Protocol;

/// <summary>Writes the text header of a packet: <c>&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;][&lt;json&gt;]</c>.</summary>
internal static class SocketIoPacketEncoder
{
    /// <summary>Encodes <paramref name="packet"/> for <paramref name="protocol"/>; attachments travel separately.</summary>
    public static string Encode(SocketIoPacket packet, SocketIoProtocol protocol)
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

        // The header (type, count, namespace, id) is built on the stack and joined with the payload in one string.
        var headerLength = 1 + 21 + (withCount ? 12 : 0) + (withNamespace ? packet.Namespace.Length + (packet.Query?.Length ?? 0) + 2 : 0);
        Span<char> header = headerLength <= 512 ? stackalloc char[headerLength] : new char[headerLength];
        var written = 0;
        header[written++] = (char)('0' + (int)type);
        if (withCount)
        {
            attachments.TryFormat(header[written..], out var count, provider: CultureInfo.InvariantCulture);
            written += count;
            header[written++] = '-';
        }

        if (withNamespace)
        {
            packet.Namespace.CopyTo(header[written..]);
            written += packet.Namespace.Length;
            if (!string.IsNullOrEmpty(packet.Query))
            {
                header[written++] = '?';
                packet.Query.CopyTo(header[written..]);
                written += packet.Query.Length;
            }

            header[written++] = ',';
        }

        if (packet.Id is { } id)
        {
            id.TryFormat(header[written..], out var digits, provider: CultureInfo.InvariantCulture);
            written += digits;
        }

        return string.Concat(header[..written], packet.Payload);
    }
}
