using System.Text.Json;
using System.Text.Json.Serialization;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

public class JsonTests
{
    private static readonly SocketIoJson Json = new();

    [Test]
    public void Serialize_PlainArguments_WritesEventNameFirst()
    {
        var result = Json.SerializeArguments("test", [1, 2, "test", null, new { a = true }]);

        Assert.That(result.Json, Is.EqualTo("[\"test\",1,2,\"test\",null,{\"a\":true}]"));
        Assert.That(result.Attachments, Is.Empty);
    }

    [Test]
    public void Serialize_BinaryAnywhere_BecomesPlaceholdersInDepthFirstOrder()
    {
        byte[] top = [1];
        ReadOnlyMemory<byte> nested = new byte[] { 2, 2 };
        var stream = new MemoryStream([3, 3, 3]);

        var result = Json.SerializeArguments("ev", [top, new { content = nested, list = new object[] { stream } }]);

        Assert.That(result.Json, Is.EqualTo(
            "[\"ev\",{\"_placeholder\":true,\"num\":0},{\"content\":{\"_placeholder\":true,\"num\":1},\"list\":[{\"_placeholder\":true,\"num\":2}]}]"));
        Assert.That(result.Attachments.Select(a => a.Length), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Serialize_OutsideAPacket_WritesBase64()
    {
        Assert.That(Json.SerializeValue(new { key = new byte[] { 1, 2 } }), Is.EqualTo("{\"key\":\"AQI=\"}"));
    }

    [Test]
    public void Decode_SubstitutesAttachmentsAtAnyDepth()
    {
        ReadOnlyMemory<byte>[] attachments = [new byte[] { 9 }, new byte[] { 7, 7 }];

        var decoded = SocketIoJson.DecodeArguments(
            "[\"ev\",{\"_placeholder\":true,\"num\":0},{\"payload\":{\"num\":1,\"_placeholder\":true}}]", attachments, skip: 1);

        Assert.That(decoded.Values, Has.Length.EqualTo(2));
        Assert.That(decoded.TopLevelBinary, Is.EqualTo(new[] { true, false }));
        Assert.That(decoded.Values[0].GetBytesFromBase64(), Is.EqualTo(new byte[] { 9 }));
        Assert.That(decoded.Values[1].GetProperty("payload").GetBytesFromBase64(), Is.EqualTo(new byte[] { 7, 7 }));
    }

    [Test]
    public void Decode_WithoutAttachments_NeedsNoBinaryFlags_AndNoArgumentReadsAsBinary()
    {
        var decoded = SocketIoJson.DecodeArguments("[\"ev\",1,\"AQI=\"]", [], skip: 1);
        var ack = new SocketIoAck(decoded, Json);

        Assert.That(decoded.TopLevelBinary, Is.Empty);
        Assert.That(new[] { ack.IsBinary(0), ack.IsBinary(1) }, Is.EqualTo(new[] { false, false }));
        Assert.That(ack.GetValue(1), Is.InstanceOf<JsonElement>());
        Assert.That(() => ack.IsBinary(2), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Decode_PlaceholderOutOfRange_IsAProtocolError()
    {
        Assert.Throws<SocketIoProtocolException>(() =>
            SocketIoJson.DecodeArguments("[{\"_placeholder\":true,\"num\":3}]", [new byte[] { 1 }]));
    }

    [Test]
    public void Decode_InvalidJson_IsAProtocolError()
    {
        Assert.Throws<SocketIoProtocolException>(() => SocketIoJson.DecodeArguments("[1,", []));
    }

    [Test]
    public void Deserialize_TypedObjectWithBinaryProperty_GetsTheBytes()
    {
        var decoded = SocketIoJson.DecodeArguments("[{\"hash\":\"h\",\"content\":{\"_placeholder\":true,\"num\":0}}]", [new byte[] { 5, 6 }]);

        var value = Json.Deserialize<Part>(decoded.Values[0]);

        Assert.That((value.Hash, value.Content), Is.EqualTo(("h", new byte[] { 5, 6 })));
    }

    [Test]
    public void SourceGeneratedContext_IsUsedForBothDirections()
    {
        var json = new SocketIoJson(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });

        var serialized = json.SerializeArguments("ev", [new Part { Hash = "h", Content = [1] }]);
        var decoded = SocketIoJson.DecodeArguments(serialized.Json, serialized.Attachments, skip: 1);

        Assert.That(serialized.Json, Is.EqualTo("[\"ev\",{\"hash\":\"h\",\"content\":{\"_placeholder\":true,\"num\":0}}]"));
        Assert.That(json.Deserialize<Part>(decoded.Values[0]).Content, Is.EqualTo(new byte[] { 1 }));
    }

    [Test]
    public void UserOptions_NamingPolicyApplies()
    {
        var json = new SocketIoJson(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

        Assert.That(json.SerializeArguments(null, [new { UserName = "x" }]).Json, Is.EqualTo("[{\"user_name\":\"x\"}]"));
    }

    [Test]
    public void Default_options_follow_web_conventions()
    {
        var serialized = Json.SerializeArguments(null, [new Subscription("releases", true)]);
        var decoded = SocketIoJson.DecodeArguments("[{\"TOPIC\":\"releases\",\"subscribed\":true}]", []);

        Assert.That(serialized.Json, Is.EqualTo("[{\"topic\":\"releases\",\"subscribed\":true}]"));
        Assert.That(Json.Deserialize<Subscription>(decoded.Values[0]), Is.EqualTo(new Subscription("releases", true)));
    }

    [Test]
    public void Built_in_values_need_no_metadata_from_the_application()
    {
        // A context that lists only the application's own type, and no reflection behind it: what a trimmed or
        // Native AOT application has. Strings, primitives, binary and JSON trees still resolve.
        var json = new SocketIoJson(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });
        var element = JsonElement.Parse("{\"a\":1}");
        var auth = new Dictionary<string, string> { ["token"] = "t" };

        var serialized = json.SerializeArguments("ev", ["text", 42, 1.5, true, 7L, new byte[] { 1 }, element, auth, Guid.Empty]);
        var decoded = SocketIoJson.DecodeArguments(serialized.Json, serialized.Attachments, skip: 1);

        Assert.That(serialized.Json, Is.EqualTo(
            "[\"ev\",\"text\",42,1.5,true,7,{\"_placeholder\":true,\"num\":0},{\"a\":1},{\"token\":\"t\"},\"00000000-0000-0000-0000-000000000000\"]"));
        Assert.That(json.Deserialize<string>(decoded.Values[0]), Is.EqualTo("text"));
        Assert.That(json.Deserialize<int>(decoded.Values[1]), Is.EqualTo(42));
        Assert.That(json.Deserialize<byte[]>(decoded.Values[5]), Is.EqualTo(new byte[] { 1 }));
        Assert.That(json.Deserialize<JsonElement>(decoded.Values[6]).GetProperty("a").GetInt32(), Is.EqualTo(1));
        Assert.That(json.Deserialize<Dictionary<string, string>>(decoded.Values[7]), Is.EqualTo(auth));
        Assert.That(json.Deserialize<object>(decoded.Values[1]), Is.InstanceOf<JsonElement>());
        Assert.That(json.SerializeValue(auth), Is.EqualTo("{\"token\":\"t\"}"));
    }

    [Test]
    public void A_type_no_resolver_knows_fails_saying_what_to_change()
    {
        var json = new SocketIoJson(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });

        var error = Assert.Throws<NotSupportedException>(() => json.SerializeArguments("ev", [new Subscription("x", false)]));

        Assert.That(error!.Message, Does.Contain(typeof(Subscription).FullName).And.Contain("JsonSerializerContext").And.Contain("SocketIoClientOptions.JsonSerializerOptions"));
    }

    [Test]
    public void A_stream_argument_needs_no_metadata_inside_or_outside_a_packet()
    {
        var json = new SocketIoJson(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default });

        Assert.That(json.SerializeValue(new MemoryStream([1, 2])), Is.EqualTo("\"AQI=\""));
        Assert.That(json.SerializeArguments(null, [new MemoryStream([1, 2])]).Attachments.Single().ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
        using var read = json.Deserialize<Stream>(JsonElement.Parse("\"AQI=\""));
        Assert.That(read.Length, Is.EqualTo(2));
    }

    public sealed record Subscription(string Topic, bool Subscribed);

    public sealed class Part
    {
        [JsonPropertyName("hash")]
        public string? Hash { get; set; }

        [JsonPropertyName("content")]
        public byte[]? Content { get; set; }
    }
}

[JsonSerializable(typeof(JsonTests.Part))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
