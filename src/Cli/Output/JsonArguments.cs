using System.Text;
using System.Text.Json;

namespace Tusk.Cli.Output;

/// <summary>Event arguments typed on a command line or at the <c>tusk connect</c> prompt: JSON values.</summary>
internal static class JsonArguments
{
    private static readonly JsonReaderOptions Several = new() { AllowMultipleValues = true };

    /// <summary>One JSON value per command-line argument.</summary>
    public static object?[] Parse(IReadOnlyList<string> tokens)
    {
        var values = new object?[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            values[i] = Connection.ConnectionOptions.ParseJson(tokens[i], $"Argument {i + 1}");
        }

        return values;
    }

    /// <summary>
    /// Every JSON value in a line typed at the prompt, separated by spaces: <c>"hello world" 42 {"a": [1, 2]}</c>.
    /// </summary>
    /// <exception cref="CliUsageException">The text is not a sequence of JSON values.</exception>
    public static object?[] ParseSequence(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, Several);
        var values = new List<object?>();
        try
        {
            while (reader.Read())
            {
                values.Add(JsonElement.ParseValue(ref reader));
            }
        }
        catch (JsonException exception)
        {
            throw new CliUsageException(
                $"The arguments are not JSON values (at byte {exception.BytePositionInLine + 1}); write strings in double quotes: \"text\".");
        }

        return [.. values];
    }
}
