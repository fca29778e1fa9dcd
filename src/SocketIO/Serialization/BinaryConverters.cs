using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tusk.SocketIO.Serialization;

/// <summary>
/// Writes binary values as Socket.IO placeholders (the bytes become attachments) while a packet is being encoded, and
/// as base64 otherwise; reads them from base64 (received placeholders are replaced by base64 before reading).
/// </summary>
internal abstract class BinaryConverter<T> : JsonConverter<T>
{
    public override bool HandleNull => false;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromBytes(reader.GetBytesFromBase64());

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var bytes = ToBytes(value);
        if (AttachmentCollector.Current is { } collector)
        {
            WritePlaceholder(writer, collector.Add(bytes));
        }
        else
        {
            writer.WriteBase64StringValue(bytes.Span);
        }
    }

    internal static void WritePlaceholder(Utf8JsonWriter writer, int number)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder", true);
        writer.WriteNumber("num", number);
        writer.WriteEndObject();
    }

    protected abstract T FromBytes(byte[] bytes);

    protected abstract ReadOnlyMemory<byte> ToBytes(T value);
}

internal sealed class ByteArrayConverter : BinaryConverter<byte[]>
{
    protected override byte[] FromBytes(byte[] bytes) => bytes;

    protected override ReadOnlyMemory<byte> ToBytes(byte[] value) => value;
}

internal sealed class ReadOnlyMemoryConverter : BinaryConverter<ReadOnlyMemory<byte>>
{
    protected override ReadOnlyMemory<byte> FromBytes(byte[] bytes) => bytes;

    protected override ReadOnlyMemory<byte> ToBytes(ReadOnlyMemory<byte> value) => value;
}

internal sealed class MemoryConverter : BinaryConverter<Memory<byte>>
{
    protected override Memory<byte> FromBytes(byte[] bytes) => bytes;

    protected override ReadOnlyMemory<byte> ToBytes(Memory<byte> value) => value;
}

internal sealed class ArraySegmentConverter : BinaryConverter<ArraySegment<byte>>
{
    protected override ArraySegment<byte> FromBytes(byte[] bytes) => bytes;

    protected override ReadOnlyMemory<byte> ToBytes(ArraySegment<byte> value) => value;
}

internal sealed class StreamConverter : BinaryConverter<Stream>
{
    // Also serves MemoryStream, FileStream, … when they appear as runtime types of object-typed values.
    public override bool CanConvert(Type typeToConvert) => typeof(Stream).IsAssignableFrom(typeToConvert);

    protected override Stream FromBytes(byte[] bytes) => new MemoryStream(bytes, writable: false);

    protected override ReadOnlyMemory<byte> ToBytes(Stream value) => ReadAll(value);

    /// <summary>Reads a stream from its start (seekable) or current position to the end.</summary>
    internal static ReadOnlyMemory<byte> ReadAll(Stream stream)
    {
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            return segment;
        }

        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
