using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using global::MessagePack;

namespace Tusk.SocketIO.MessagePack;

/// <summary>
/// Writes a msgpack value as JSON with binary placeholders, so received arguments read through the client's
/// System.Text.Json API. Follows what notepack.io (socket.io-msgpack-parser's msgpack) decodes each value to.
/// </summary>
internal static class MessagePackToJson
{
    /// <summary>As deep as the client's JSON reader goes (System.Text.Json's default); deeper data is refused, not
    /// followed down the stack.</summary>
    public const int MaxDepth = 64;

    // notepack's extension type 0: fixext 1 = undefined, fixext 8 = Date, ext 8/16/32 = ArrayBuffer.
    private const sbyte NotepackExtension = 0;

    /// <summary>Writes the value at the reader as one JSON value.</summary>
    /// <exception cref="SocketIoProtocolException">The value is nested too deep or is not representable.</exception>
    public static void Write(ref MessagePackReader reader, Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new SocketIoProtocolException($"A msgpack packet is nested deeper than {MaxDepth} levels.");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (double.IsFinite(number))
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    // JSON has no NaN or infinity; JSON.stringify writes null for them too.
                    json.WriteNullValue();
                }

                break;
            case MessagePackType.String:
                WriteString(ref reader, json);
                break;
            case MessagePackType.Binary:
                WritePlaceholder(json, attachments, reader.ReadBytes()!.Value.ToArray());
                break;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (var i = 0; i < length; i++)
                {
                    if (IsUndefined(ref reader))
                    {
                        // notepack decodes it to undefined; an array keeps the slot (JSON.stringify: null).
                        reader.Skip();
                        json.WriteNullValue();
                    }
                    else
                    {
                        Write(ref reader, json, attachments, depth + 1);
                    }
                }

                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                WriteObject(ref reader, json, attachments, depth);
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, json, attachments);
                break;
            default:
                throw new SocketIoProtocolException($"A msgpack packet holds an unknown value (code 0x{reader.NextCode:x2}).");
        }
    }

    /// <summary>Whether the next value is notepack's <c>undefined</c> (fixext 1 of type 0).</summary>
    public static bool IsUndefined(ref MessagePackReader reader)
    {
        if (reader.NextCode != MessagePackCode.FixExt1)
        {
            return false;
        }

        var peek = reader.CreatePeekReader();
        return peek.ReadExtensionFormatHeader().TypeCode == NotepackExtension;
    }

    private static void WriteObject(ref MessagePackReader reader, Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        var count = reader.ReadMapHeader();
        json.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            var name = ReadKey(ref reader);
            if (IsUndefined(ref reader))
            {
                // A property whose value is undefined is not there (JSON.stringify leaves it out).
                reader.Skip();
                continue;
            }

            json.WritePropertyName(name);
            Write(ref reader, json, attachments, depth + 1);
        }

        json.WriteEndObject();
    }

    /// <summary>A map key as a property name: a JavaScript object turns every key into a string.</summary>
    private static string ReadKey(ref MessagePackReader reader) => reader.NextMessagePackType switch
    {
        MessagePackType.String => reader.ReadString() ?? string.Empty,
        MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64 => reader.ReadUInt64().ToString(CultureInfo.InvariantCulture),
        MessagePackType.Integer => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
        MessagePackType.Boolean => reader.ReadBoolean() ? "true" : "false",
        MessagePackType.Nil when reader.TryReadNil() => "null",
        _ => throw new SocketIoProtocolException("A msgpack map has a key that is neither a string, a number nor a boolean."),
    };

    /// <remarks>
    /// Invalid UTF-8 ends up as U+FFFD, as Node's <c>Buffer.toString("utf8")</c> (notepack) decodes it: the JSON text
    /// is turned into a string with a replacing decoder, which never swallows the ASCII that delimits JSON.
    /// </remarks>
    private static void WriteString(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        var sequence = reader.ReadStringSequence()!.Value;
        if (sequence.IsSingleSegment)
        {
            json.WriteStringValue(sequence.FirstSpan);
        }
        else
        {
            json.WriteStringValue(sequence.ToArray());
        }
    }

    private static void WriteExtension(ref MessagePackReader reader, Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments)
    {
        var code = reader.NextCode;
        var header = reader.ReadExtensionFormatHeader();
        var data = reader.ReadRaw(header.Length);
        if (header.TypeCode == NotepackExtension)
        {
            switch (code)
            {
                case MessagePackCode.FixExt1:
                    json.WriteNullValue(); // undefined where a value must stand (the top of the data)
                    return;
                case MessagePackCode.FixExt8:
                    WriteDate(json, data);
                    return;
                case MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32:
                    WritePlaceholder(json, attachments, data.ToArray()); // an ArrayBuffer
                    return;
            }
        }

        // notepack gives any other extension as [type, Buffer].
        json.WriteStartArray();
        json.WriteNumberValue(header.TypeCode);
        WritePlaceholder(json, attachments, data.ToArray());
        json.WriteEndArray();
    }

    /// <summary>notepack's Date: milliseconds since 1970 as a signed high and an unsigned low 32-bit word.</summary>
    private static void WriteDate(Utf8JsonWriter json, ReadOnlySequence<byte> data)
    {
        Span<byte> bytes = stackalloc byte[8];
        data.CopyTo(bytes);
        var milliseconds = ((long)BinaryPrimitives.ReadInt32BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        if (milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            json.WriteNullValue(); // an invalid Date: JSON.stringify writes null
            return;
        }

        // Date.prototype.toISOString's form, which JSON.stringify uses.
        var time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        json.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static void WritePlaceholder(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, byte[] bytes)
    {
        json.WriteStartObject();
        json.WriteBoolean("_placeholder"u8, true);
        json.WriteNumber("num"u8, attachments.Count);
        json.WriteEndObject();
        attachments.Add(bytes);
    }
}
