using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tusk.SocketIO.Serialization;

/// <summary>The serializer options and binary handling one client uses for arguments, acks and auth.</summary>
internal sealed class SocketIoJson
{
    private static SocketIoJson? s_default;

    public SocketIoJson(JsonSerializerOptions? userOptions = null, bool binaryAsStream = false)
    {
        // Web conventions by default, as the SignalR client: JS servers send camelCase, and a C# record read with
        // case-sensitive PascalCase matching would silently come out empty. (JsonSerializerDefaults.Web is
        // JsonSerializerOptions.Web without the reflection resolver that makes that property unsafe for AOT.)
        var options = userOptions is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(userOptions);
        ChainResolvers(options);

        // Ours come first so binary values anywhere become attachments, whatever the user's converters say.
        options.Converters.Insert(0, new ByteArrayConverter());
        options.Converters.Insert(1, new ReadOnlyMemoryConverter());
        options.Converters.Insert(2, new MemoryConverter());
        options.Converters.Insert(3, new ArraySegmentConverter());
        options.Converters.Insert(4, new StreamConverter());
        options.MakeReadOnly();
        Options = options;
        BinaryAsStream = binaryAsStream;

        // A string argument (the commonest) is written straight to the writer when the options would use the built-in
        // string converter anyway: same bytes (the writer escapes with the options' encoder), without a metadata
        // lookup per argument, which was about 6 % of a load generator's CPU per emit. A user converter for strings
        // keeps the general path.
        _plainStrings = options.TryGetTypeInfo(typeof(string), out var stringInfo)
            && stringInfo.Converter.GetType() == JsonMetadataServices.StringConverter.GetType();
    }

    private readonly bool _plainStrings;

    /// <summary>Why the overloads that resolve a type parameter through the client's options are marked for trimming/AOT.</summary>
    internal const string ReflectionMessage =
        "Resolves T through SocketIoClientOptions.JsonSerializerOptions, which falls back to reflection for types no " +
        "source-generated context lists. In trimmed or Native AOT applications use the overload that takes a " +
        "JsonTypeInfo<T> (e.g. MyJsonContext.Default.MyType).";

    public JsonSerializerOptions Options { get; }

    /// <summary>The serializer for <paramref name="userOptions"/>; one shared instance for the defaults (events and acks
    /// made by tests, which would otherwise each build the options and their metadata caches again).</summary>
    public static SocketIoJson For(JsonSerializerOptions? userOptions) =>
        userOptions is null ? s_default ??= new SocketIoJson() : new SocketIoJson(userOptions);

    /// <summary>
    /// The application's resolvers first (its source-generated context, or reflection when it gave none and the app
    /// allows it), then the library's own metadata for primitives, strings, binary and JSON trees, so those work in
    /// trimmed and Native AOT applications without any setup.
    /// </summary>
    private static void ChainResolvers(JsonSerializerOptions options)
    {
        if (options.TypeInfoResolverChain.Count == 0)
        {
            // Built-in first: the common values resolve without reflection even where reflection is allowed.
            options.TypeInfoResolverChain.Add(BuiltInJsonContext.Default);
            if (JsonSerializer.IsReflectionEnabledByDefault)
            {
                options.TypeInfoResolverChain.Add(CreateReflectionResolver());
            }
        }
        else
        {
            options.TypeInfoResolverChain.Add(BuiltInJsonContext.Default);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Called only when JsonSerializer.IsReflectionEnabledByDefault, which trimmed and Native AOT publishing turn off (the branch is then removed).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    private static DefaultJsonTypeInfoResolver CreateReflectionResolver() => new();

    public bool BinaryAsStream { get; }

    public T Deserialize<T>(JsonElement element)
    {
        if (typeof(T) == typeof(Stream))
        {
            // Abstract, so no metadata can describe it; its converter reads base64 like the other binary types.
            return (T)(object)new MemoryStream(element.GetBytesFromBase64(), writable: false);
        }

        return element.Deserialize((JsonTypeInfo<T>)GetTypeInfo(typeof(T)))!;
    }

    /// <summary>The metadata of <paramref name="type"/>; a type no resolver knows fails with what to change.</summary>
    /// <exception cref="NotSupportedException">No resolver in the chain has metadata for the type.</exception>
    public JsonTypeInfo GetTypeInfo(Type type) =>
        Options.TryGetTypeInfo(type, out var typeInfo)
            ? typeInfo
            : throw new NotSupportedException(
                $"No JSON metadata for type '{type}'. Without reflection (trimmed or Native AOT applications) list it in a " +
                "source-generated JsonSerializerContext and add that to SocketIoClientOptions.JsonSerializerOptions, e.g. " +
                "new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = MyJsonContext.Default }.");

    /// <summary>Room for a binary packet's attachment count in a header: up to 10 digits and the <c>-</c>.</summary>
    internal const int AttachmentCountRoom = 11;

    /// <summary>
    /// Writes <c>[eventName?, ...arguments]</c> as UTF-8 JSON; every binary value (top level or nested) becomes a
    /// placeholder and its bytes an attachment. The JSON is written once, into a reused buffer, and copied once into
    /// the array it is returned in; no UTF-16 string is made.
    /// </summary>
    /// <param name="eventName">The event name, or null for an ack's arguments.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="headerRoom">Bytes to leave free in front of the JSON in the same array (0 for none), so the packet's
    /// text header can be written there and the header and JSON go out as one message without another copy
    /// (<see cref="Protocol.SocketIoPacket.HeaderRoom"/>). When the arguments hold binary values,
    /// <see cref="AttachmentCountRoom"/> more is left for the attachment count.</param>
    public SerializedArguments SerializeArguments(string? eventName, IReadOnlyList<object?> arguments, int headerRoom = 0)
    {
        var scratch = JsonScratch.Rent(Options.Encoder);
        var collector = AttachmentCollector.Begin();
        try
        {
            var writer = scratch.Writer;
            writer.WriteStartArray();
            if (eventName is not null)
            {
                writer.WriteStringValue(eventName);
            }

            for (var i = 0; i < arguments.Count; i++)
            {
                WriteValue(writer, arguments[i], collector);
            }

            writer.WriteEndArray();
            writer.Flush();
            var json = scratch.Buffer.WrittenSpan;
            var room = headerRoom == 0 ? 0 : headerRoom + (collector.Attachments.Count > 0 ? AttachmentCountRoom : 0);
            var bytes = GC.AllocateUninitializedArray<byte>(room + json.Length);
            json.CopyTo(bytes.AsSpan(room));
            return new SerializedArguments(bytes.AsMemory(room), collector.Attachments, room);
        }
        finally
        {
            AttachmentCollector.End(collector);
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>Serializes one value (an auth object) to JSON text; binary values become base64.</summary>
    public string SerializeValue(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            WriteValue(writer, value, null);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Parses a received JSON array, replacing each placeholder with the base64 text of its attachment so binary values
    /// read as <c>byte[]</c> through ordinary deserialization.
    /// </summary>
    /// <param name="json">The packet payload; must be a JSON array.</param>
    /// <param name="attachments">The packet's attachments.</param>
    /// <param name="skip">How many leading elements to leave out (1 for the event name).</param>
    /// <exception cref="SocketIoProtocolException">The payload is not an array or a placeholder is invalid.</exception>
    public static DecodedArguments DecodeArguments(string? json, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int skip = 0)
    {
        if (string.IsNullOrEmpty(json))
        {
            return DecodedArguments.Empty;
        }

        var root = ParseArray(json, attachments, out var placeholderIndexes);
        return Collect(root, skip, placeholderIndexes, attachments);
    }

    /// <summary>
    /// Decodes an EVENT payload in one pass: <paramref name="name"/> is its first element (<see cref="JsonValueKind.Undefined"/>
    /// when the array is empty), the result holds the arguments after it.
    /// </summary>
    /// <param name="json">The packet payload; must be a JSON array.</param>
    /// <param name="attachments">The packet's attachments.</param>
    /// <param name="name">The event name element.</param>
    /// <exception cref="SocketIoProtocolException">The payload is not an array or a placeholder is invalid.</exception>
    public static DecodedArguments DecodeEvent(string? json, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out JsonElement name)
    {
        name = default;
        if (string.IsNullOrEmpty(json))
        {
            return DecodedArguments.Empty;
        }

        var root = ParseArray(json, attachments, out var placeholderIndexes);
        if (root.GetArrayLength() > 0)
        {
            name = root[0];
        }

        return Collect(root, 1, placeholderIndexes, attachments);
    }

    private static JsonElement ParseArray(string json, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out HashSet<int>? placeholderIndexes)
    {
        var root = ParseWithAttachments(json, attachments, out placeholderIndexes);
        return root.ValueKind == JsonValueKind.Array ? root : throw new SocketIoProtocolException("Expected a JSON array of arguments.");
    }

    private static DecodedArguments Collect(JsonElement root, int skip, HashSet<int>? placeholderIndexes, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var count = Math.Max(0, root.GetArrayLength() - skip);
        var values = new JsonElement[count];
        var binary = placeholderIndexes is null ? [] : new bool[count];
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            if (index >= skip)
            {
                values[index - skip] = element;
                if (placeholderIndexes is not null)
                {
                    binary[index - skip] = placeholderIndexes.Contains(index);
                }
            }

            index++;
        }

        return new DecodedArguments(values, binary, attachments);
    }

    /// <summary>Parses JSON text into a detached element, substituting attachments for placeholders.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="attachments">Attachments referred to by placeholders.</param>
    /// <param name="topLevelPlaceholders">Indexes of root-array elements that were placeholders; null when there were none.</param>
    public static JsonElement ParseWithAttachments(string json, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out HashSet<int>? topLevelPlaceholders)
    {
        topLevelPlaceholders = null;
        try
        {
            // One parse into a detached element (no pooled document to clone and dispose).
            return attachments.Count == 0
                ? JsonElement.Parse(json)
                : Substitute(JsonDocument.Parse(json), json.Length, attachments, out topLevelPlaceholders);
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException("The packet payload is not valid JSON.", exception);
        }
    }

    /// <summary>Parses UTF-8 JSON into a detached element, substituting attachments for placeholders.</summary>
    /// <param name="utf8">The JSON as UTF-8.</param>
    /// <param name="attachments">Attachments referred to by placeholders.</param>
    /// <param name="topLevelPlaceholders">Indexes of root-array elements that were placeholders; null when there were none.</param>
    public static JsonElement ParseWithAttachments(ReadOnlyMemory<byte> utf8, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out HashSet<int>? topLevelPlaceholders)
    {
        topLevelPlaceholders = null;
        try
        {
            // The document reads the bytes in place (no copy) and is disposed once the substituted copy is made.
            return attachments.Count == 0
                ? JsonElement.Parse(utf8.Span)
                : Substitute(JsonDocument.Parse(utf8), utf8.Length, attachments, out topLevelPlaceholders);
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException("The packet payload is not valid JSON.", exception);
        }
    }

    /// <summary>
    /// Decodes the UTF-8 payload of an ACK (see <see cref="DecodeArguments(string?, IReadOnlyList{ReadOnlyMemory{byte}}, int)"/>).
    /// Without attachments each argument is parsed into its own detached element, as an event's are.
    /// </summary>
    /// <exception cref="SocketIoProtocolException">The payload is not an array or a placeholder is invalid.</exception>
    public static DecodedArguments DecodeArguments(ReadOnlyMemory<byte>? utf8, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (utf8 is not { IsEmpty: false } json)
        {
            return DecodedArguments.Empty;
        }

        if (attachments.Count == 0)
        {
            return ReadArgumentArray(json.Span, attachments);
        }

        var root = ParseWithAttachments(json, attachments, out var placeholderIndexes);
        return Collect(RequireArray(root), 0, placeholderIndexes, attachments);
    }

    /// <summary>
    /// Decodes the UTF-8 payload of an EVENT: its name, and the arguments after it. Without attachments the payload is
    /// read once with a <see cref="Utf8JsonReader"/>: the name comes from the bytes (no JSON element for it, and
    /// <paramref name="previousName"/> again when it is the same), and each argument is parsed into its own detached
    /// element, which copies just that argument's bytes and indexes just its tokens. One document for the whole array
    /// would copy and index the brackets and the name too, and keep them as long as the application keeps an argument.
    /// </summary>
    /// <param name="utf8">The packet payload; must be a JSON array whose first element is the name.</param>
    /// <param name="attachments">The packet's attachments.</param>
    /// <param name="previousName">The name of the previous event on this socket, returned again when equal (a stream
    /// of one event then allocates no name), or <see langword="null"/>.</param>
    /// <param name="name">The event name: a string element's value, or a number element's JSON text.</param>
    /// <exception cref="SocketIoProtocolException">The payload is not an array, has no name or a name of another kind, or
    /// a placeholder is invalid.</exception>
    public static DecodedArguments DecodeEvent(ReadOnlyMemory<byte>? utf8, IReadOnlyList<ReadOnlyMemory<byte>> attachments, string? previousName, out string name)
    {
        if (utf8 is not { IsEmpty: false } json)
        {
            throw NoEventName();
        }

        if (attachments.Count != 0)
        {
            var root = RequireArray(ParseWithAttachments(json, attachments, out var placeholderIndexes));
            name = root.GetArrayLength() > 0 ? EventName(root[0], previousName) : throw NoEventName();
            return Collect(root, 1, placeholderIndexes, attachments);
        }

        try
        {
            var reader = new Utf8JsonReader(json.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new SocketIoProtocolException("Expected a JSON array of arguments.");
            }

            reader.Read();

            // Checked after the whole payload was read, so a payload that is not JSON is reported as such first.
            string? eventName = null;
            var nameError = reader.TokenType switch
            {
                JsonTokenType.EndArray => NoEventName(),
                JsonTokenType.String => null,
                JsonTokenType.Number => null,
                _ => new SocketIoProtocolException("An EVENT packet's name is neither a string nor a number."),
            };
            if (nameError is null)
            {
                eventName = reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan)
                    : previousName is not null && reader.ValueTextEquals(previousName) ? previousName
                    : reader.GetString()!;
            }
            else if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
            }

            var wholeRead = false;
            var values = nameError is not null && reader.TokenType == JsonTokenType.EndArray
                ? DecodedArguments.Empty
                : ReadArguments(ref reader, json.Span, skip: 1, attachments, out wholeRead);
            if (!wholeRead && reader.Read())
            {
                throw new SocketIoProtocolException("The packet payload is not a single JSON array.");
            }

            name = eventName ?? throw nameError!;
            return values;
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException("The packet payload is not valid JSON.", exception);
        }
    }

    // A whole payload that must be one JSON array of arguments, read with ReadArguments: the usual single argument is
    // kept inline (no array of elements), and each argument owns just its own bytes. Parsing the whole array instead
    // would copy and index the brackets too and, for a large payload, rent an index sized by the whole payload (rounded
    // up to a power of two: 128 MB for a 90 MB ack) from the shared array pool, which keeps it after the ack is gone. A
    // single argument costs its copy plus, for a string or number, an index of the same size that System.Text.Json
    // allocates (not rents) for a lone value; both go away with the argument, and nothing stays in a pool.
    private static DecodedArguments ReadArgumentArray(ReadOnlySpan<byte> utf8, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new SocketIoProtocolException("Expected a JSON array of arguments.");
            }

            var values = ReadArguments(ref reader, utf8, skip: 0, attachments, out var wholeRead);
            if (!wholeRead && reader.Read())
            {
                throw new SocketIoProtocolException("The packet payload is not a single JSON array.");
            }

            return values;
        }
        catch (JsonException exception)
        {
            throw new SocketIoProtocolException("The packet payload is not valid JSON.", exception);
        }
    }

    private static SocketIoProtocolException NoEventName() => new("An EVENT packet has no event name.");

    private static string EventName(JsonElement element, string? previousName) => element.ValueKind switch
    {
        JsonValueKind.String => previousName is not null && element.ValueEquals(previousName) ? previousName : element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        _ => throw new SocketIoProtocolException("An EVENT packet's name is neither a string nor a number."),
    };

    /// <summary>Past this many arguments the payload is parsed again as one document that all of them share.</summary>
    internal const int SharedDocumentArguments = 16;

    // The arguments after the reader's position up to the array's end, one detached element each (the common single
    // argument costs no list). The reader is left on the array's end. A detached element costs a document of its own
    // (about 200 bytes for a small number), so a payload of many small arguments (["e",0,0,0,…]) would cost about 100
    // times its size: past SharedDocumentArguments the whole payload is parsed once more into one document, whose
    // elements cost their index rows only, and wholeRead says the reader was left behind (the parse checked the rest).
    private static DecodedArguments ReadArguments(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> whole, int skip, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out bool wholeRead)
    {
        wholeRead = false;
        if (!reader.Read())
        {
            throw new SocketIoProtocolException("The packet payload is not a single JSON array.");
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return DecodedArguments.Empty;
        }

        var first = JsonElement.ParseValue(ref reader);
        if (!reader.Read())
        {
            throw new SocketIoProtocolException("The packet payload is not a single JSON array.");
        }

        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return new DecodedArguments(first, attachments);
        }

        var more = new List<JsonElement> { first };
        do
        {
            if (more.Count == SharedDocumentArguments)
            {
                wholeRead = true;
                return SharedArguments(whole, skip, attachments);
            }

            more.Add(JsonElement.ParseValue(ref reader));
            if (!reader.Read())
            {
                throw new SocketIoProtocolException("The packet payload is not a single JSON array.");
            }
        }
        while (reader.TokenType != JsonTokenType.EndArray);

        return new DecodedArguments([.. more], [], attachments);
    }

    // One detached document for the whole payload; its elements from skip on are the arguments.
    private static DecodedArguments SharedArguments(ReadOnlySpan<byte> whole, int skip, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var root = RequireArray(JsonElement.Parse(whole));
        var values = new JsonElement[Math.Max(0, root.GetArrayLength() - skip)];
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            if (index >= skip)
            {
                values[index - skip] = element;
            }

            index++;
        }

        return new DecodedArguments(values, [], attachments);
    }

    private static JsonElement RequireArray(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root : throw new SocketIoProtocolException("Expected a JSON array of arguments.");

    private static JsonElement Substitute(JsonDocument source, int length, IReadOnlyList<ReadOnlyMemory<byte>> attachments, out HashSet<int>? topLevelPlaceholders)
    {
        topLevelPlaceholders = null;
        using var document = source;
        var buffer = new ArrayBufferWriter<byte>(length + (attachments.Sum(static a => a.Length) * 4 / 3) + 16);

        // Each attachment may be written once: a server's parser gives every binary value its own attachment, so a
        // placeholder that repeats a number only comes from a hostile peer, and substituting it each time would grow one
        // attachment within the receive limit into gigabytes of base64 (1,500 references to 1 MB: 2 GB).
        var used = new bool[attachments.Count];
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                writer.WriteStartArray();
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    if (WriteSubstituted(writer, element, attachments, used))
                    {
                        (topLevelPlaceholders ??= []).Add(index);
                    }

                    index++;
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteSubstituted(writer, root, attachments, used);
            }
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Copies <paramref name="element"/>, writing attachments in place of placeholders; true if it was one.</summary>
    private static bool WriteSubstituted(Utf8JsonWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, bool[] used)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when TryGetPlaceholder(element, out var number):
                if (number < 0 || number >= attachments.Count)
                {
                    throw new SocketIoProtocolException($"Placeholder refers to attachment {number}, but the packet has {attachments.Count}.");
                }

                if (used[number])
                {
                    throw new SocketIoProtocolException(
                        $"Attachment {number} is referred to by more than one placeholder; a socket.io server's parser gives every binary value its own attachment.");
                }

                used[number] = true;
                writer.WriteBase64StringValue(attachments[number].Span);
                return true;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteSubstituted(writer, property.Value, attachments, used);
                }

                writer.WriteEndObject();
                return false;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteSubstituted(writer, item, attachments, used);
                }

                writer.WriteEndArray();
                return false;
            default:
                element.WriteTo(writer);
                return false;
        }
    }

    private static bool TryGetPlaceholder(JsonElement element, out int number)
    {
        number = -1;
        if (!element.TryGetProperty("_placeholder", out var flag) || flag.ValueKind != JsonValueKind.True)
        {
            return false;
        }

        if (!element.TryGetProperty("num", out var num) || !num.TryGetInt32(out number))
        {
            throw new SocketIoProtocolException("A binary placeholder has no valid 'num'.");
        }

        return true;
    }

    private void WriteValue(Utf8JsonWriter writer, object? value, AttachmentCollector? collector)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text when _plainStrings:
                writer.WriteStringValue(text);
                break;
            case Stream stream when collector is not null:
                BinaryConverter<Stream>.WritePlaceholder(writer, collector.Add(StreamConverter.ReadAll(stream)));
                break;
            case Stream stream:
                // MemoryStream, FileStream, ...: no metadata per stream type is needed, the bytes are what is sent.
                writer.WriteBase64StringValue(StreamConverter.ReadAll(stream).Span);
                break;
            default:
                JsonSerializer.Serialize(writer, value, GetTypeInfo(value.GetType()));
                break;
        }
    }
}

/// <summary>An argument list as UTF-8 JSON plus the attachments its placeholders refer to.</summary>
/// <param name="Utf8">The JSON array as UTF-8; a slice of an array that nothing else holds.</param>
/// <param name="Attachments">Binary values in placeholder order.</param>
/// <param name="HeaderRoom">How many free bytes precede <paramref name="Utf8"/> in its array.</param>
internal readonly record struct SerializedArguments(ReadOnlyMemory<byte> Utf8, IReadOnlyList<ReadOnlyMemory<byte>> Attachments, int HeaderRoom = 0)
{
    /// <summary>The JSON as a string (tests and diagnostics; the send path uses <see cref="Utf8"/>).</summary>
    public string Json => Encoding.UTF8.GetString(Utf8.Span);
}
