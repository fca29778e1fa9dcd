using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// 0.9 servers have no binary packets: a Node <c>Buffer</c> they emit is serialized by <c>JSON.stringify</c> as
/// <c>{"type":"Buffer","data":[bytes]}</c>. Those objects become binary placeholders with attachments, so the client's
/// binary accessors (<c>GetBytes</c>, <c>IsBinary</c>, <c>byte[]</c> deserialization) work as with newer servers.
/// </summary>
internal static class LegacyNodeBuffers
{
    /// <summary>The JSON with every Node buffer replaced by a placeholder, or the same string when there is none.</summary>
    public static string Extract(string json, out IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        attachments = [];
        if (!json.Contains("\"Buffer\"", StringComparison.Ordinal))
        {
            return json;
        }

        using var document = JsonDocument.Parse(json);
        var found = new List<ReadOnlyMemory<byte>>();
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, document.RootElement, found);
        }

        if (found.Count == 0)
        {
            return json;
        }

        attachments = found;
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, List<ReadOnlyMemory<byte>> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when TryReadBuffer(element, out var bytes):
                writer.WriteStartObject();
                writer.WriteBoolean("_placeholder", true);
                writer.WriteNumber("num", found.Count);
                writer.WriteEndObject();
                found.Add(bytes);
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, found);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, found);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>Exactly <c>{"type":"Buffer","data":[0..255, …]}</c>; anything else stays an ordinary object.</summary>
    private static bool TryReadBuffer(JsonElement element, out byte[] bytes)
    {
        bytes = [];
        var properties = 0;
        foreach (var _ in element.EnumerateObject())
        {
            properties++;
        }

        if (properties != 2 ||
            !element.TryGetProperty("type", out var type) || !type.ValueEquals("Buffer") ||
            !element.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var result = new byte[data.GetArrayLength()];
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetByte(out result[index]))
            {
                return false;
            }

            index++;
        }

        bytes = result;
        return true;
    }
}
