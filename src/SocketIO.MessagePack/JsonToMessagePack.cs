using System.Text.Json;
using global::MessagePack;

namespace Tusk.SocketIO.MessagePack;

/// <summary>Writes a JSON value as msgpack the way notepack.io writes the same JavaScript value.</summary>
internal static class JsonToMessagePack
{
    /// <summary>
    /// Writes <paramref name="element"/>; a binary placeholder (<c>{"_placeholder":true,"num":N}</c>) becomes the
    /// attachment's bytes as <c>bin</c>, which the server's decoder turns into a <c>Buffer</c>.
    /// </summary>
    public static void Write(ref MessagePackWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when TryGetAttachment(element, attachments, out var bytes):
                writer.Write(bytes.Span);
                break;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in element.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in element.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Write(ref writer, property.Value, attachments);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    Write(ref writer, item, attachments);
                }

                break;
            case JsonValueKind.String:
                writer.Write(element.GetString());
                break;
            case JsonValueKind.Number:
                WriteNumber(ref writer, element);
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    /// <summary>Integers in the smallest int/uint format (as notepack), everything else as float 64.</summary>
    private static void WriteNumber(ref MessagePackWriter writer, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            writer.Write(integer);
        }
        else if (element.TryGetUInt64(out var unsigned))
        {
            writer.Write(unsigned);
        }
        else
        {
            writer.Write(element.GetDouble());
        }
    }

    /// <summary>
    /// Whether <paramref name="element"/> is a placeholder for one of <paramref name="attachments"/>. An object that only
    /// looks like one (no such attachment) is sent as the object it is, as the text parser would.
    /// </summary>
    private static bool TryGetAttachment(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (attachments.Count == 0
            || !element.TryGetProperty("_placeholder", out var flag) || flag.ValueKind != JsonValueKind.True
            || !element.TryGetProperty("num", out var num) || !num.TryGetInt32(out var index)
            || index < 0 || index >= attachments.Count)
        {
            return false;
        }

        bytes = attachments[index];
        return true;
    }
}
