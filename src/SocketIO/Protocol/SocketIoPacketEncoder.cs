using System.Globalization;
using System.Text;

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

        var builder = new StringBuilder(16 + (packet.Payload?.Length ?? 0));
        builder.Append((char)('0' + (int)type));
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck ||
            (type == SocketIoPacketType.Ack && protocol == SocketIoProtocol.V3))
        {
            builder.Append(attachments.ToString(CultureInfo.InvariantCulture)).Append('-');
        }

        if (packet.Namespace != "/" || !string.IsNullOrEmpty(packet.Query))
        {
            builder.Append(packet.Namespace);
            if (!string.IsNullOrEmpty(packet.Query))
            {
                builder.Append('?').Append(packet.Query);
            }

            builder.Append(',');
        }

        if (packet.Id is { } id)
        {
            builder.Append(id.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(packet.Payload);
        return builder.ToString();
    }
}
