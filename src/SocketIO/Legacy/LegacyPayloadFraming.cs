using System.Globalization;
using System.Text;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// Several 0.9 packets in one body: <c>\ufffd&lt;length&gt;\ufffd&lt;packet&gt;</c> repeated, lengths counted in UTF-16
/// code units (JavaScript string length, which is what .NET's <see cref="string.Length"/> counts). A body that does not
/// start with U+FFFD is one packet.
/// </summary>
internal static class LegacyPayloadFraming
{
    public const char Marker = '\ufffd';

    /// <summary>Longest length prefix accepted; more digits cannot describe a body we would hold in memory.</summary>
    private const int MaxLengthDigits = 10;

    /// <summary>The most packets one body may hold, as for Engine.IO payloads: a server flushes what it buffered for one
    /// poll, a few thousand packets at most; millions of tiny packets are hostile (each would cost far more as a string
    /// than its bytes on the wire) and a parse error.</summary>
    public const int MaxPacketsPerPayload = 100_000;

    public static string Encode(IReadOnlyList<string> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        if (packets.Count == 1)
        {
            return packets[0];
        }

        var builder = new StringBuilder();
        foreach (var packet in packets)
        {
            builder.Append(Marker).Append(packet.Length.ToString(CultureInfo.InvariantCulture)).Append(Marker).Append(packet);
        }

        return builder.ToString();
    }

    /// <exception cref="SocketIoProtocolException">The framing is broken (bad length, truncated packet).</exception>
    public static List<string> Decode(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var packets = new List<string>();
        if (body.Length == 0)
        {
            return packets;
        }

        if (body[0] != Marker)
        {
            packets.Add(body);
            return packets;
        }

        var position = 0;
        while (position < body.Length)
        {
            if (body[position] != Marker)
            {
                throw Invalid(body, position, "expected U+FFFD");
            }

            var lengthEnd = body.IndexOf(Marker, position + 1);
            if (lengthEnd < 0)
            {
                throw Invalid(body, position, "the length is not terminated");
            }

            var digits = body.AsSpan(position + 1, lengthEnd - position - 1);
            if (digits.Length is 0 or > MaxLengthDigits ||
                !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw Invalid(body, position, "the length is not a number");
            }

            var start = lengthEnd + 1;
            if (length > body.Length - start)
            {
                throw Invalid(body, position, $"the packet of {length} characters is truncated");
            }

            if (packets.Count == MaxPacketsPerPayload)
            {
                throw Invalid(body, position, $"more than {MaxPacketsPerPayload} packets in one payload");
            }

            packets.Add(body.Substring(start, length));
            position = start + length;
        }

        return packets;
    }

    private static SocketIoProtocolException Invalid(string body, int position, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Invalid socket.io 0.9 payload framing at character {position}: {problem} ('{LegacyPacketCodec.Preview(body)}')."));
}
