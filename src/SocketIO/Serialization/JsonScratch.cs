using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tusk.SocketIO.Serialization;

/// <summary>
/// A per-thread JSON writer and buffer for serializing arguments, so an emit does not allocate a new writer and
/// buffer every time. Taken while in use (a nested serialization gets a fresh one); a buffer that grew past
/// <see cref="MaxRetainedCapacity"/> is not kept, so one large emit does not pin memory on its thread.
/// </summary>
internal sealed class JsonScratch
{
    private const int MaxRetainedCapacity = 16 * 1024;

    [ThreadStatic]
    private static JsonScratch? t_cached;

    private JsonScratch(JavaScriptEncoder? encoder)
    {
        Encoder = encoder;
        Writer = new Utf8JsonWriter(Buffer, new JsonWriterOptions { Encoder = encoder });
    }

    public ArrayBufferWriter<byte> Buffer { get; } = new(256);

    public Utf8JsonWriter Writer { get; }

    private JavaScriptEncoder? Encoder { get; }

    public static JsonScratch Rent(JavaScriptEncoder? encoder)
    {
        var scratch = t_cached;
        if (scratch is not null && ReferenceEquals(scratch.Encoder, encoder))
        {
            t_cached = null;
            scratch.Buffer.ResetWrittenCount();
            scratch.Writer.Reset(scratch.Buffer);
            return scratch;
        }

        return new JsonScratch(encoder);
    }

    public static void Return(JsonScratch scratch)
    {
        if (scratch.Buffer.Capacity <= MaxRetainedCapacity)
        {
            t_cached = scratch;
        }
    }
}
