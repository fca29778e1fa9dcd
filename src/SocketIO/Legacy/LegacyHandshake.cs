using System.Globalization;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// The answer to <c>GET /socket.io/1/</c>: <c>sid:heartbeat timeout:close timeout:transports</c> (timeouts in seconds;
/// an empty heartbeat field means the server sends no heartbeats).
/// </summary>
internal sealed record LegacyHandshake(string SessionId, TimeSpan? HeartbeatTimeout, TimeSpan? CloseTimeout, IReadOnlyList<string> Transports)
{
    /// <exception cref="SocketIoProtocolException">The body is not a 0.9 handshake answer.</exception>
    public static LegacyHandshake Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fields = body.Trim().Split(':');
        if (fields.Length != 4 || fields[0].Length == 0 || fields[0].Any(char.IsWhiteSpace))
        {
            throw new SocketIoProtocolException($"The server's answer is not a socket.io 0.9 handshake: '{LegacyPacketCodec.Preview(body)}'.");
        }

        var transports = fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LegacyHandshake(fields[0], ParseSeconds(fields[1], body), ParseSeconds(fields[2], body), transports);
    }

    private static TimeSpan? ParseSeconds(string field, string body)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (!double.TryParse(field, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
            seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new SocketIoProtocolException($"The socket.io 0.9 handshake has an invalid timeout '{field}': '{LegacyPacketCodec.Preview(body)}'.");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
