using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// String arguments skip the serializer's metadata lookup when the options would use the built-in string converter:
/// the bytes must stay exactly those the serializer writes, with the options' encoder, and a user's string converter
/// must still be used.
/// </summary>
public class StringArgumentJsonTests
{
    private const string Awkward = "<b>\"quoted\" & 'single'</b> \\ / é ü 中文 😀 \u2028 \u0001 \t\r\n+";

    [Test]
    public void StringArguments_AreWrittenAsTheSerializerWritesThem_WithTheDefaultOptions()
    {
        var json = new SocketIoJson();

        var result = json.SerializeArguments("ev", [Awkward, "plain", string.Empty]);

        Assert.That(result.Json, Is.EqualTo(SerializerArray(json.Options, "ev", Awkward, "plain", string.Empty)));
        Assert.That(result.Json, Does.Contain("\\u003Cb\\u003E"), "the default encoder escapes HTML-sensitive characters");
    }

    [Test]
    public void StringArguments_UseTheOptionsEncoder()
    {
        var json = new SocketIoJson(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        var result = json.SerializeArguments(null, [Awkward]);

        Assert.That(result.Json, Is.EqualTo(SerializerArray(json.Options, Awkward)));
        Assert.That(result.Json, Does.Contain("<b>"), "the relaxed encoder leaves HTML-sensitive characters as they are");
    }

    [Test]
    public void StringArguments_GoThroughAUserStringConverter()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new UpperCaseStringConverter());
        var json = new SocketIoJson(options);

        var result = json.SerializeArguments("ev", ["abc", new { name = "def" }]);

        Assert.That(result.Json, Is.EqualTo("[\"ev\",\"ABC\",{\"name\":\"DEF\"}]"));
    }

    [Test]
    public void StringValues_OutsideAPacket_AreWrittenAsTheSerializerWritesThem()
    {
        var json = new SocketIoJson();

        Assert.That(json.SerializeValue(Awkward), Is.EqualTo(JsonSerializer.Serialize(Awkward, json.Options.GetTypeInfo(typeof(string)))));
    }

    private static string SerializerArray(JsonSerializerOptions options, params string[] values) =>
        "[" + string.Join(",", values.Select(v => JsonSerializer.Serialize(v, options.GetTypeInfo(typeof(string))))) + "]";

    private sealed class UpperCaseStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUpperInvariant());
    }
}
