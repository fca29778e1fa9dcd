using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO;

/// <summary>
/// The arguments of a received event or acknowledgement. Read them as typed values (System.Text.Json, with the
/// client's <see cref="SocketIoClientOptions.JsonSerializerOptions"/>), as <see cref="JsonElement"/>, or as bytes.
/// Binary attachments read as <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> of bytes or <see cref="Stream"/>, at any
/// depth (a <c>byte[]</c> property of a typed object receives the attachment).
/// </summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread. Each read of a binary value as a <see cref="Stream"/> gets
/// its own stream.
/// </remarks>
public abstract class SocketIoArguments
{
    // Null while there is exactly one argument, held in _single (the usual event: no array per event); Values makes
    // the array on first use.
    private JsonElement[]? _values;
    private readonly JsonElement _single;
    private readonly SocketIoJson _json;

    // Null when the packet had no attachments (the usual case): one field fewer per received event than holding the
    // empty flags and the empty attachment list.
    private readonly BinaryParts? _binaryParts;

    private sealed record BinaryParts(bool[] TopLevel, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);

    private protected SocketIoArguments(DecodedArguments arguments, SocketIoJson json)
    {
        _values = arguments.Array;
        _single = arguments.Single;
        if (arguments.TopLevelBinary.Length != 0 || arguments.Attachments.Count != 0)
        {
            _binaryParts = new BinaryParts(arguments.TopLevelBinary, arguments.Attachments);
        }

        _json = json;
    }

    /// <summary>How many arguments there are.</summary>
    public int Count => _values?.Length ?? 1;

    /// <summary>The arguments as JSON; a binary attachment appears as a base64 string.</summary>
    public IReadOnlyList<JsonElement> Values =>
        Volatile.Read(ref _values) ?? Interlocked.CompareExchange(ref _values, [_single], null) ?? _values;

    private JsonElement At(int index) => _values is { } values ? values[index] : _single;

    /// <summary>The binary attachments that came with the packet, in placeholder order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _binaryParts?.Attachments ?? [];

    /// <summary>The argument at <paramref name="index"/> as JSON.</summary>
    /// <param name="index">Zero-based argument position.</param>
    /// <returns>The JSON value.</returns>
    public JsonElement GetJson(int index) => At(CheckIndex(index));

    /// <summary>Whether the argument at <paramref name="index"/> is itself a binary attachment.</summary>
    /// <param name="index">Zero-based argument position.</param>
    /// <returns><see langword="true"/> for a top-level binary argument.</returns>
    public bool IsBinary(int index) => IsBinaryAt(CheckIndex(index));

    /// <summary>Deserializes the argument at <paramref name="index"/> with the client's serializer options.</summary>
    /// <typeparam name="T">The type to read; <see cref="JsonElement"/>, <c>byte[]</c>, <see cref="Stream"/> and any type the options can resolve.</typeparam>
    /// <param name="index">Zero-based argument position (default: the first).</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The JSON does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="NotSupportedException">No metadata for <typeparamref name="T"/> (trimmed or AOT application without a context listing it).</exception>
    /// <remarks>
    /// Strings, primitives, <c>byte[]</c> and <see cref="JsonElement"/> resolve without reflection; other types come
    /// from the options' resolvers or reflection. In trimmed or Native AOT applications prefer
    /// <see cref="GetValue{T}(int, JsonTypeInfo{T})"/>, which the trimming analysis can follow.
    /// </remarks>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    public T GetValue<T>(int index = 0) => _json.Deserialize<T>(At(CheckIndex(index)));

    /// <summary>
    /// Deserializes the argument at <paramref name="index"/> with explicit (e.g. source-generated) metadata: safe for
    /// trimming and Native AOT. The metadata's own options apply (casing among them): give the context
    /// <c>[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]</c> to read camelCase JSON as the client's defaults do.
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="index">Zero-based argument position.</param>
    /// <param name="typeInfo">Metadata, e.g. <c>MyContext.Default.MyType</c>.</param>
    /// <returns>The value.</returns>
    public T GetValue<T>(int index, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return At(CheckIndex(index)).Deserialize(typeInfo)!;
    }

    /// <summary>
    /// The argument at <paramref name="index"/> without a target type: a top-level binary attachment as <c>byte[]</c>
    /// (or a <see cref="Stream"/> with <see cref="SocketIoClientOptions.BinaryAsStream"/>), anything else as <see cref="JsonElement"/>.
    /// </summary>
    /// <param name="index">Zero-based argument position.</param>
    /// <returns>The value.</returns>
    public object? GetValue(int index)
    {
        var element = At(CheckIndex(index));
        if (!IsBinaryAt(index))
        {
            return element;
        }

        var bytes = element.GetBytesFromBase64();
        return _json.BinaryAsStream ? new MemoryStream(bytes, writable: false) : bytes;
    }

    // Empty when no argument is an attachment (the common case), so a received event needs no flag array.
    private bool IsBinaryAt(int index) => _binaryParts is { TopLevel: { Length: not 0 } flags } && flags[index];

    /// <summary>The argument at <paramref name="index"/> as bytes (a binary attachment or a base64 string).</summary>
    /// <param name="index">Zero-based argument position.</param>
    /// <returns>A new array with the bytes.</returns>
    public byte[] GetBytes(int index) => At(CheckIndex(index)).GetBytesFromBase64();

    /// <summary>The arguments as a JSON array text (binary attachments as base64).</summary>
    /// <returns>JSON text.</returns>
    public override string ToString() => "[" + string.Join(",", Values.Select(static v => v.GetRawText())) + "]";

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are only {Count} argument(s).");
        }

        return index;
    }
}
