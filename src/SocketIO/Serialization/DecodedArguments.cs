using System.Text.Json;

namespace Tusk.SocketIO.Serialization;

/// <summary>Arguments of a received packet after binary placeholders were replaced by base64 strings (a struct: it only
/// carries them into the event or ack that keeps them, so a received event does not allocate it). A single argument is
/// carried without an array, which the event or ack then keeps inline.</summary>
internal readonly struct DecodedArguments
{
    private readonly JsonElement[]? _values;
    private readonly JsonElement _single;

    /// <param name="values">One JSON value per argument.</param>
    /// <param name="topLevelBinary">Which arguments were themselves attachments; empty when none was.</param>
    /// <param name="attachments">The attachments, in placeholder order.</param>
    public DecodedArguments(JsonElement[] values, bool[] topLevelBinary, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        _values = values;
        TopLevelBinary = topLevelBinary;
        Attachments = attachments;
    }

    /// <summary>Exactly one argument, which is not itself an attachment.</summary>
    public DecodedArguments(JsonElement single, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        _single = single;
        TopLevelBinary = [];
        Attachments = attachments;
    }

    public static DecodedArguments Empty { get; } = new([], [], []);

    /// <summary>The arguments in an array, or null when there is exactly one (<see cref="Single"/>).</summary>
    public JsonElement[]? Array => _values;

    /// <summary>The one argument when <see cref="Array"/> is null.</summary>
    public JsonElement Single => _single;

    /// <summary>How many arguments there are.</summary>
    public int Count => _values?.Length ?? 1;

    /// <summary>The argument at <paramref name="index"/>.</summary>
    public JsonElement this[int index] => _values is null ? (index == 0 ? _single : throw new ArgumentOutOfRangeException(nameof(index))) : _values[index];

    /// <summary>One JSON value per argument (a new array for a single argument: tests and diagnostics).</summary>
    public JsonElement[] Values => _values ?? [_single];

    /// <summary>Which arguments were themselves attachments; empty when none was.</summary>
    public bool[] TopLevelBinary { get; }

    /// <summary>The attachments, in placeholder order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>Arguments given as JSON values (a test's fake event or ack), cloned so that they outlive their document.</summary>
    public static DecodedArguments Copy(IReadOnlyList<JsonElement> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new([.. arguments.Select(static a => a.Clone())], [], []);
    }
}
