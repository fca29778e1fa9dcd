using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// Maps 0.9 packets to and from the client's <see cref="SocketIoPacket"/> model. JSON values are copied as raw text, so
/// nothing is re-escaped on the way through.
/// </summary>
internal static class LegacyPacketTranslator
{
    public const string ServerVersion = "socket.io 0.9";

    /// <summary>The 0.9 name of the event that carries plain (type 3) and JSON (type 4) messages.</summary>
    public const string MessageEvent = "message";

    public static string ToNamespace(string endpoint) => endpoint.Length == 0 ? "/" : endpoint;

    public static string ToEndpoint(string @namespace) => @namespace == "/" ? string.Empty : @namespace;

    /// <summary>The 0.9 packet for an outgoing packet, or <see langword="null"/> when 0.9 needs none (CONNECT to "/").</summary>
    /// <exception cref="NotSupportedException">The packet carries binary attachments.</exception>
    public static LegacyPacket? FromSocketIo(SocketIoPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Attachments.Count > 0)
        {
            throw new NotSupportedException(
                $"Binary attachments (byte[], Stream, Memory<byte>) cannot be sent to a {ServerVersion} server: its protocol has no binary packets. " +
                "Encode the bytes yourself (for example as a base64 string).");
        }

        var endpoint = ToEndpoint(packet.Namespace);
        return packet.Type switch
        {
            // 0.9 servers join the default endpoint by themselves when the transport opens; the namespace query is
            // not part of the 0.9 connect packet (the handshake query is what the server sees).
            SocketIoPacketType.Connect => endpoint.Length == 0 ? null : new LegacyPacket(LegacyPacketType.Connect, endpoint),
            SocketIoPacketType.Disconnect => new LegacyPacket(LegacyPacketType.Disconnect, endpoint),
            SocketIoPacketType.Event => new LegacyPacket(LegacyPacketType.Event, endpoint, ToEventData(packet.Payload))
            {
                Id = packet.Id,
                AckWithData = packet.Id is not null,
            },
            SocketIoPacketType.Ack => new LegacyPacket(LegacyPacketType.Ack, endpoint, ToAckData(packet)),
            _ => throw new NotSupportedException($"{packet.Type} packets do not exist in the {ServerVersion} protocol."),
        };
    }

    /// <summary>
    /// The client-model packet for a received 0.9 packet, or <see langword="null"/> when it has none (heartbeat, noop,
    /// errors on the default endpoint: the session handles those).
    /// </summary>
    /// <exception cref="SocketIoProtocolException">The packet's data is malformed.</exception>
    public static SocketIoPacket? ToSocketIo(LegacyPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var @namespace = ToNamespace(packet.Endpoint);
        var id = packet.AckWithData ? packet.Id : null;
        var translated = packet.Type switch
        {
            LegacyPacketType.Connect => new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = @namespace },
            LegacyPacketType.Disconnect => new SocketIoPacket { Type = SocketIoPacketType.Disconnect, Namespace = @namespace },
            LegacyPacketType.Message => MessageEventPacket(@namespace, id, JsonString(packet.Data ?? string.Empty)),
            LegacyPacketType.Json => MessageEventPacket(@namespace, id, ValidJson(packet.Data, packet)),
            LegacyPacketType.Event => new SocketIoPacket
            {
                Type = SocketIoPacketType.Event,
                Namespace = @namespace,
                Id = id,
                Payload = FromEventData(packet),
            },
            LegacyPacketType.Ack => FromAckData(@namespace, packet),
            LegacyPacketType.Error when packet.Endpoint.Length > 0 => new SocketIoPacket
            {
                Type = SocketIoPacketType.ConnectError,
                Namespace = @namespace,
                Payload = JsonString(LegacyError.Parse(packet.Data).Reason),
            },
            _ => null,
        };
        return translated is { Type: SocketIoPacketType.Event or SocketIoPacketType.Ack, Payload: { } json } ? WithNodeBuffers(translated, json) : translated;
    }

    private static SocketIoPacket WithNodeBuffers(SocketIoPacket packet, string json)
    {
        var rewritten = LegacyNodeBuffers.Extract(json, out var attachments);
        return attachments.Count == 0
            ? packet
            : packet with { Payload = rewritten, Attachments = attachments, AttachmentCount = attachments.Count };
    }

    /// <summary>The automatic reply to a "simple ack" request (<c>id</c> without <c>+</c>).</summary>
    public static LegacyPacket SimpleAck(LegacyPacket request) =>
        new(LegacyPacketType.Ack, request.Endpoint, request.Id!.Value.ToString(CultureInfo.InvariantCulture));

    private static SocketIoPacket MessageEventPacket(string @namespace, long? id, string valueJson) => new()
    {
        Type = SocketIoPacketType.Event,
        Namespace = @namespace,
        Id = id,
        Payload = "[\"" + MessageEvent + "\"," + valueJson + "]",
    };

    /// <summary><c>["name",a,b]</c> → <c>{"name":"name","args":[a,b]}</c> (no <c>args</c> when empty, as 0.9 does).</summary>
    private static string ToEventData(string? payload)
    {
        using var document = ParseArray(payload, "event");
        var root = document.RootElement;
        if (root.GetArrayLength() == 0 || root[0].ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException("An event payload must start with the event name.", nameof(payload));
        }

        var builder = new StringBuilder(payload!.Length + 16);
        builder.Append("{\"name\":").Append(root[0].GetRawText());
        if (root.GetArrayLength() > 1)
        {
            builder.Append(",\"args\":[");
            var first = true;
            foreach (var argument in root.EnumerateArray().Skip(1))
            {
                builder.Append(first ? string.Empty : ",").Append(argument.GetRawText());
                first = false;
            }

            builder.Append(']');
        }

        return builder.Append('}').ToString();
    }

    /// <summary><c>id</c> for an empty answer, <c>id+[args]</c> otherwise.</summary>
    private static string ToAckData(SocketIoPacket packet)
    {
        var id = packet.Id ?? throw new ArgumentException("An ack packet needs the id it answers.", nameof(packet));
        var text = id.ToString(CultureInfo.InvariantCulture);
        using var document = ParseArray(packet.Payload, "ack");
        return document.RootElement.GetArrayLength() == 0 ? text : text + "+" + document.RootElement.GetRawText();
    }

    private static string FromEventData(LegacyPacket packet)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(packet.Data ?? string.Empty);
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException($"The socket.io 0.9 event data is not JSON: '{LegacyPacketCodec.Preview(packet.Data ?? string.Empty)}'.", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw new SocketIoProtocolException($"The socket.io 0.9 event has no name: '{LegacyPacketCodec.Preview(packet.Data ?? string.Empty)}'.");
            }

            var builder = new StringBuilder((packet.Data?.Length ?? 0) + 2);
            builder.Append('[').Append(name.GetRawText());
            if (root.TryGetProperty("args", out var args) && args.ValueKind != JsonValueKind.Null)
            {
                if (args.ValueKind != JsonValueKind.Array)
                {
                    throw new SocketIoProtocolException($"The socket.io 0.9 event's args are not an array: '{LegacyPacketCodec.Preview(packet.Data!)}'.");
                }

                foreach (var argument in args.EnumerateArray())
                {
                    builder.Append(',').Append(argument.GetRawText());
                }
            }

            return builder.Append(']').ToString();
        }
    }

    /// <summary><c>id</c> or <c>id+[args]</c> → ACK packet with that id and the args as payload.</summary>
    private static SocketIoPacket FromAckData(string @namespace, LegacyPacket packet)
    {
        var data = packet.Data ?? string.Empty;
        var plus = data.IndexOf('+', StringComparison.Ordinal);
        var idText = plus < 0 ? data : data[..plus];
        if (idText.Length == 0 || !idText.All(char.IsAsciiDigit) ||
            !long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new SocketIoProtocolException($"The socket.io 0.9 ack has no valid id: '{LegacyPacketCodec.Preview(data)}'.");
        }

        string? payload = null;
        if (plus >= 0 && plus + 1 < data.Length)
        {
            payload = data[(plus + 1)..];
            using var document = ParseReceivedArray(payload);
        }

        return new SocketIoPacket { Type = SocketIoPacketType.Ack, Namespace = @namespace, Id = id, Payload = payload };
    }

    private static JsonDocument ParseArray(string? payload, string kind)
    {
        var document = JsonDocument.Parse(string.IsNullOrEmpty(payload) ? "[]" : payload);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new ArgumentException($"An {kind} payload must be a JSON array.", nameof(payload));
        }

        return document;
    }

    private static JsonDocument ParseReceivedArray(string payload)
    {
        try
        {
            var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException($"The socket.io 0.9 ack data is not JSON: '{LegacyPacketCodec.Preview(payload)}'.", exception);
        }

        throw new SocketIoProtocolException($"The socket.io 0.9 ack data is not an array: '{LegacyPacketCodec.Preview(payload)}'.");
    }

    private static string JsonString(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ValidJson(string? data, LegacyPacket packet)
    {
        try
        {
            using var document = JsonDocument.Parse(data ?? string.Empty);
            return document.RootElement.GetRawText();
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException($"The socket.io 0.9 JSON message is not JSON: '{LegacyPacketCodec.Preview(packet.Data ?? string.Empty)}'.", exception);
        }
    }
}
