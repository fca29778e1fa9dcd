using System.Text.Json;
using System.Text.Json.Serialization;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>The emit path reuses a per-thread JSON writer, buffer and attachment collector and builds packet
/// headers on the stack: nothing of one packet may leak into the next.</summary>
public class ReusedBufferTests
{
    private static readonly SocketIoJson Json = new();

    [Test]
    public void Serialize_AfterALargePayload_WritesTheNextSmallOneExactly()
    {
        var large = new string('x', 100_000);

        var first = Json.SerializeArguments("big", [large]);
        var second = Json.SerializeArguments("ev", [1]);

        Assert.That(first.Json, Has.Length.EqualTo(100_000 + "[\"big\",\"\"]".Length));
        Assert.That(second.Json, Is.EqualTo("[\"ev\",1]"));
    }

    [Test]
    public void Serialize_AfterAValueThrew_TheNextSerializationIsClean()
    {
        Assert.Throws<InvalidOperationException>(() => Json.SerializeArguments("ev", ["before", new Throwing()]));

        Assert.That(Json.SerializeArguments("ev", [1, "a"]).Json, Is.EqualTo("[\"ev\",1,\"a\"]"));
    }

    [Test]
    public void Serialize_CalledFromInsideAConverter_LeavesTheOuterJsonIntact()
    {
        var result = Json.SerializeArguments("outer", [new Nested(), 2]);

        Assert.That(result.Json, Is.EqualTo("[\"outer\",\"[\\u0022inner\\u0022,1]\",2]"));
    }

    [Test]
    public void Serialize_AttachmentsOfAnEarlierPacket_SurviveTheNextPackets()
    {
        var first = Json.SerializeArguments("a", [new byte[] { 1, 2 }]);
        var second = Json.SerializeArguments("b", ["no binary"]);
        var third = Json.SerializeArguments("c", [new byte[] { 9 }]);

        Assert.That(first.Attachments.Select(a => a.ToArray()), Is.EqualTo(new[] { new byte[] { 1, 2 } }));
        Assert.That(second.Attachments, Is.Empty);
        Assert.That(third.Attachments.Select(a => a.ToArray()), Is.EqualTo(new[] { new byte[] { 9 } }));
    }

    [Test]
    public void Encode_AHeaderLongerThanTheStackBuffer_IsWrittenInFull()
    {
        var nsp = "/" + new string('n', 700);
        var query = new string('q', 300);
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Event, Namespace = nsp, Query = query, Id = long.MaxValue, Payload = "[\"e\"]" };

        Assert.That(SocketIoPacketEncoder.Encode(packet, SocketIoProtocol.V5), Is.EqualTo($"2{nsp}?{query},{long.MaxValue}[\"e\"]"));
    }

    [Test]
    public void Encode_BinaryEventWithNamespaceAndId_HasCountNamespaceAndId()
    {
        var packet = new SocketIoPacket
        {
            Type = SocketIoPacketType.Event,
            Namespace = "/chat",
            Id = 7,
            Payload = "[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
            Attachments = [new byte[] { 1 }, new byte[] { 2 }],
        };

        Assert.That(SocketIoPacketEncoder.Encode(packet, SocketIoProtocol.V5),
            Is.EqualTo("52-/chat,7[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    }

    [JsonConverter(typeof(ThrowingConverter))]
    private sealed class Throwing;

    private sealed class ThrowingConverter : JsonConverter<Throwing>
    {
        public override Throwing Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Throwing value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("half");
            throw new InvalidOperationException("The value cannot be written.");
        }
    }

    [JsonConverter(typeof(NestedConverter))]
    private sealed class Nested;

    /// <summary>Serializes arguments again while the outer serialization is in progress on the same thread.</summary>
    private sealed class NestedConverter : JsonConverter<Nested>
    {
        public override Nested Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Nested value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Json.SerializeArguments("inner", [1]).Json);
    }
}
