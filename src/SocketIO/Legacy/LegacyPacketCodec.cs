using System.Globalization;
using System.Text;

namespace Tusk.SocketIO.Legacy;

/// <summary>Text encoding of socket.io 0.9 packets: <c>type:[id[+]]:[endpoint][:data]</c>.</summary>
internal static class LegacyPacketCodec
{
    public static string Encode(LegacyPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Endpoint.Contains(':', StringComparison.Ordinal))
        {
            // The 0.9 server splits on ':' and would read the rest of the endpoint as data.
            throw new ArgumentException($"A socket.io 0.9 endpoint cannot contain ':' ('{packet.Endpoint}').", nameof(packet));
        }

        var builder = new StringBuilder(8 + packet.Endpoint.Length + (packet.Data?.Length ?? 0));
        builder.Append((int)packet.Type).Append(':');
        if (packet.Id is { } id)
        {
            builder.Append(id.ToString(CultureInfo.InvariantCulture));
            if (packet.AckWithData)
            {
                builder.Append('+');
            }
        }

        builder.Append(':').Append(packet.Endpoint);
        if (packet.Data is not null)
        {
            builder.Append(':').Append(packet.Data);
        }

        return builder.ToString();
    }

    /// <exception cref="SocketIoProtocolException">The text is not a 0.9 packet.</exception>
    public static LegacyPacket Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var typeEnd = text.IndexOf(':', StringComparison.Ordinal);
        if (typeEnd != 1 || text[0] < '0' || text[0] > '8')
        {
            throw Invalid(text, "unknown packet type");
        }

        var type = (LegacyPacketType)(text[0] - '0');
        var idEnd = text.IndexOf(':', typeEnd + 1);
        if (idEnd < 0)
        {
            throw Invalid(text, "missing the id field");
        }

        var idField = text.AsSpan(typeEnd + 1, idEnd - typeEnd - 1);
        var ackWithData = idField.EndsWith("+", StringComparison.Ordinal);
        if (ackWithData)
        {
            idField = idField[..^1];
        }

        long? id = null;
        if (idField.Length > 0)
        {
            if (!IsDigits(idField) || !long.TryParse(idField, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw Invalid(text, "the id is not a number");
            }

            id = parsed;
        }
        else if (ackWithData)
        {
            throw Invalid(text, "'+' without an id");
        }

        var endpointEnd = text.IndexOf(':', idEnd + 1);
        var endpoint = endpointEnd < 0 ? text[(idEnd + 1)..] : text[(idEnd + 1)..endpointEnd];
        var data = endpointEnd < 0 ? null : text[(endpointEnd + 1)..];
        return new LegacyPacket(type, endpoint, data) { Id = id, AckWithData = ackWithData };
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static SocketIoProtocolException Invalid(string text, string problem) =>
        new($"Invalid socket.io 0.9 packet ({problem}): '{Preview(text)}'.");

    internal static string Preview(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
