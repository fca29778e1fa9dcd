using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using global::MessagePack;
using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.MessagePack;

/// <summary>
/// Reads each binary message as one packet map and checks it as socket.io-msgpack-parser's Decoder does (type 0-4,
/// string namespace, data fitting the type, integer id). Stateless between messages: there are no attachments to wait for.
/// </summary>
internal sealed class MessagePackPacketDecoder : ISocketIoPacketDecoder
{
    // Only our own reader parses this JSON again, so nothing needs escaping for HTML.
    private static readonly JsonWriterOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    public SocketIoPacket? Decode(EngineIoMessage message)
    {
        if (!message.IsBinary)
        {
            // What a server with the default parser sends first (its CONNECT): say so.
            throw new SocketIoProtocolException(
                "Got a text message, but the msgpack parser expects every packet as binary. Is the server started with " +
                "socket.io-msgpack-parser? With the default parser, remove SocketIoClientOptions.Parser.");
        }

        try
        {
            return Read(message.Binary);
        }
        catch (Exception exception) when (exception is MessagePackSerializationException or EndOfStreamException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new SocketIoProtocolException("The message is not a valid msgpack packet: " + exception.Message, exception);
        }
    }

    public void Reset()
    {
        // Nothing is ever half-received.
    }

    internal static SocketIoPacket Read(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new SocketIoProtocolException("A msgpack packet must be a map with type, nsp and data.");
        }

        long? type = null;
        string? nsp = null;
        long? id = null;
        string? payload = null;
        var dataType = MessagePackType.Unknown;
        List<ReadOnlyMemory<byte>>? attachments = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = reader.NextMessagePackType == MessagePackType.String ? reader.ReadString() : null;
            switch (key)
            {
                case "type":
                    type = ReadInteger(ref reader, "type");
                    break;
                case "nsp":
                    nsp = reader.NextMessagePackType == MessagePackType.String
                        ? reader.ReadString()
                        : throw new SocketIoProtocolException("A msgpack packet's nsp is not a string.");
                    break;
                case "id":
                    id = ReadInteger(ref reader, "id");
                    break;
                case "data" when !MessagePackToJson.IsUndefined(ref reader):
                    dataType = reader.NextMessagePackType;
                    attachments = [];
                    payload = ToJson(ref reader, attachments);
                    break;
                default:
                    if (key is null)
                    {
                        reader.Skip(); // the key; JS would stringify it and find no field of that name
                    }

                    reader.Skip();
                    break;
            }
        }

        if (!reader.End)
        {
            throw new SocketIoProtocolException("A msgpack packet has trailing bytes after its map.");
        }

        if (type is not { } code || code < 0 || code > PacketFields.MaxType)
        {
            throw new SocketIoProtocolException("A msgpack packet has no valid type (0 to 4).");
        }

        if (nsp is null)
        {
            throw new SocketIoProtocolException("A msgpack packet has no namespace.");
        }

        var packetType = (SocketIoPacketType)code;
        CheckData(packetType, dataType);
        return new SocketIoPacket
        {
            Type = packetType,
            Namespace = nsp,
            Id = id,
            Payload = payload,
            Attachments = attachments is { Count: > 0 } ? attachments : [],
        };
    }

    private static long ReadInteger(ref MessagePackReader reader, string field) =>
        reader.NextMessagePackType == MessagePackType.Integer && reader.NextCode != MessagePackCode.UInt64
            ? reader.ReadInt64()
            : throw new SocketIoProtocolException($"A msgpack packet's {field} is not an integer.");

    /// <summary>The checks of socket.io-msgpack-parser's <c>isDataValid</c>.</summary>
    private static void CheckData(SocketIoPacketType type, MessagePackType data)
    {
        var valid = type switch
        {
            SocketIoPacketType.Connect => data is MessagePackType.Unknown or MessagePackType.Map,
            SocketIoPacketType.Disconnect => data is MessagePackType.Unknown,
            SocketIoPacketType.ConnectError => data is MessagePackType.String or MessagePackType.Map,
            _ => data is MessagePackType.Array,
        };
        if (!valid)
        {
            throw new SocketIoProtocolException($"A msgpack {type} packet has invalid data ({(data == MessagePackType.Unknown ? "none" : data)}).");
        }
    }

    private static string ToJson(ref MessagePackReader reader, List<ReadOnlyMemory<byte>> attachments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            MessagePackToJson.Write(ref reader, json, attachments);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
