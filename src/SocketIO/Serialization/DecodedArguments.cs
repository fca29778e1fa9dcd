using System.Text.Json;

namespace Tusk.SocketIO.Serialization;

/// <summary>Arguments of a received packet after binary placeholders were replaced by base64 strings (a struct: it only
/// carries them into the event or ack that keeps them, so a received event does not allocate it).</summary>
/// <param name="Values">One JSON value per argument.</param>
/// <param name="TopLevelBinary">Which arguments were themselves attachments; empty when none was.</param>
/// <param name="Attachments">The attachments, in placeholder order.</param>
internal readonly record struct DecodedArguments(JsonElement[] Values, bool[] TopLevelBinary, IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    public static DecodedArguments Empty { get; } = new([], [], []);

    /// <summary>Arguments given as JSON values (a test's fake event or ack), cloned so that they outlive their document.</summary>
    public static DecodedArguments Copy(IReadOnlyList<JsonElement> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new([.. arguments.Select(static a => a.Clone())], [], []);
    }
}
