using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tusk.SocketIO;

namespace Tusk.Cli.Output;

/// <summary>How received events and acks are written: NDJSON for scripts, indented JSON for people.</summary>
internal static class EventJson
{
    // Scripts read the output with JSON parsers, people read non-ASCII text: neither wants \u escapes.
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>
    /// One NDJSON line: <c>{"namespace":"/","event":"news","args":[...],"attachments":[1024]}</c>; binary arguments as
    /// base64 strings (their sizes in <c>attachments</c>), plus <c>"ackRequested":true</c> when the server asked for an ack.
    /// </summary>
    public static string EventLine(SocketIoEvent e) => Line(writer =>
    {
        writer.WriteString("namespace", e.Namespace);
        writer.WriteString("event", e.Name);
        WriteArguments(writer, "args", e);
        if (e.AckRequested)
        {
            writer.WriteBoolean("ackRequested", true);
        }
    });

    /// <summary>One NDJSON line for an ack: <c>{"namespace":"/","event":"echo","ack":[...],"attachments":[]}</c>.</summary>
    public static string AckLine(string @namespace, string eventName, SocketIoAck ack) => Line(writer =>
    {
        writer.WriteString("namespace", @namespace);
        writer.WriteString("event", eventName);
        WriteArguments(writer, "ack", ack);
    });

    /// <summary>The arguments as indented JSON for a terminal, a top-level binary argument as <c>&lt;binary 1,024 bytes&gt;</c>.</summary>
    public static string Pretty(SocketIoArguments arguments)
    {
        if (arguments.Count == 0)
        {
            return "(no arguments)";
        }

        var text = new StringBuilder();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            if (arguments.IsBinary(i))
            {
                text.Append(CultureInfo.InvariantCulture, $"<binary {Base64Length(arguments.Values[i]):N0} bytes>");
                continue;
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                arguments.Values[i].WriteTo(writer);
            }

            text.Append(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        if (arguments.Attachments.Count > 0)
        {
            var sizes = string.Join(", ", arguments.Attachments.Select(a => a.Length.ToString("N0", CultureInfo.InvariantCulture)));
            text.Append(CultureInfo.InvariantCulture, $"\n(binary attachments: {sizes} bytes)");
        }

        return text.ToString();
    }

    /// <summary>The arguments on one line as a JSON array, for listen's plain output.</summary>
    public static string Compact(SocketIoArguments arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            writer.WriteStartArray();
            foreach (var value in arguments.Values)
            {
                value.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteArguments(Utf8JsonWriter writer, string name, SocketIoArguments arguments)
    {
        writer.WriteStartArray(name);
        foreach (var value in arguments.Values)
        {
            value.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("attachments");
        foreach (var attachment in arguments.Attachments)
        {
            writer.WriteNumberValue(attachment.Length);
        }

        writer.WriteEndArray();
    }

    private static string Line(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static long Base64Length(JsonElement element)
    {
        var text = element.GetString() ?? string.Empty;
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        return (text.Length / 4 * 3) - padding;
    }
}
