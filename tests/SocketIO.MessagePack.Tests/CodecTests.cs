using System.Text.Json;
using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.MessagePack.Tests;

/// <summary>
/// Byte-exact vectors: each hex string is what notepack.io 2.2 (socket.io-msgpack-parser 3.0.2's msgpack) produces for
/// the same JavaScript packet object, so the client's bytes are the JS client's bytes and the server's decode as the
/// server means them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CodecTests
{
    private static readonly SocketIoParserContext V5 = new() { Protocol = SocketIoProtocol.V5 };

    [Test]
    public void Encode_EventWithEveryJsonKindAndNestedBinary_MatchesNotepack()
    {
        // {type:2, data:["echo",1,-1,300,-70000,2**40,1.5,"é",true,false,null,{a:[1]},Buffer[1,2]], nsp:"/admin", id:5}
        var packet = new SocketIoPacket
        {
            Type = SocketIoPacketType.Event,
            Namespace = "/admin",
            Id = 5,
            Payload = "[\"echo\",1,-1,300,-70000,1099511627776,1.5,\"é\",true,false,null,{\"a\":[1]},{\"_placeholder\":true,\"num\":0}]",
            Attachments = [new byte[] { 1, 2 }],
        };

        Assert.That(Hex(Encode(packet)), Is.EqualTo(
            "84a47479706502a4646174619da46563686f01ffcd012cd2fffeee90cf0000010000000000cb3ff8000000000000a2c3a9c3c2c081a1619101c4020102a36e7370a62f61646d696ea2696405"));
    }

    [Test]
    public void Encode_ConnectWithoutAuth_LeavesDataOut()
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Connect };

        Assert.That(Hex(Encode(packet)), Is.EqualTo("82a47479706500a36e7370a12f"));
    }

    [Test]
    public void Encode_ConnectWithAuth_SendsItAsData()
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Connect, Payload = "{\"token\":\"t\"}" };

        Assert.That(Hex(Encode(packet)), Is.EqualTo("83a47479706500a46461746181a5746f6b656ea174a36e7370a12f"));
    }

    [Test]
    public void Encode_BinaryAck_IsAnAckWithBinInside()
    {
        var packet = new SocketIoPacket
        {
            Type = SocketIoPacketType.BinaryAck,
            Id = 1,
            Payload = "[{\"_placeholder\":true,\"num\":0}]",
            Attachments = [new byte[] { 9 }],
        };

        var decoded = RoundTrip(packet);

        Assert.That(decoded.Type, Is.EqualTo(SocketIoPacketType.Ack));
        Assert.That(decoded.Attachments.Single().ToArray(), Is.EqualTo(new byte[] { 9 }));
        Assert.That(decoded.Payload, Is.EqualTo("[{\"_placeholder\":true,\"num\":0}]"));
    }

    [Test]
    public void Encode_PlaceholderLookalikeWithoutAttachment_StaysAnObject()
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Event, Payload = "[\"x\",{\"_placeholder\":true,\"num\":3}]" };

        var decoded = RoundTrip(packet);

        Assert.That(decoded.Attachments, Is.Empty);
        Assert.That(decoded.Payload, Is.EqualTo("[\"x\",{\"_placeholder\":true,\"num\":3}]"));
    }

    [Test]
    public void Encode_EveryPacketIsOneBinaryMessage()
    {
        var messages = new List<EngineIoMessage>();
        var encoder = MessagePackParser.Instance.CreateEncoder(V5);

        encoder.Encode(new SocketIoPacket { Type = SocketIoPacketType.Event, Payload = "[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", Attachments = [new byte[] { 1 }, new byte[] { 2 }] }, messages);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].IsBinary, Is.True);
    }

    [Test]
    public void Decode_ServerConnect_GivesTheSidObject()
    {
        var packet = Decode("83a47479706500a46461746181a3736964a3616263a36e7370a12f");

        Assert.That(packet.Type, Is.EqualTo(SocketIoPacketType.Connect));
        Assert.That(packet.Namespace, Is.EqualTo("/"));
        Assert.That(packet.Payload, Is.EqualTo("{\"sid\":\"abc\"}"));
    }

    [Test]
    public void Decode_ConnectError_GivesMessageAndData()
    {
        var packet = Decode("83a47479706504a46461746182a76d657373616765a26e6fa46461746181a4636f646501a36e7370a22f78");

        Assert.That(packet.Type, Is.EqualTo(SocketIoPacketType.ConnectError));
        Assert.That(packet.Namespace, Is.EqualTo("/x"));
        Assert.That(packet.Payload, Is.EqualTo("{\"message\":\"no\",\"data\":{\"code\":1}}"));
    }

    [Test]
    public void Decode_NotepackSpecialValues_ReadAsJsonStringifyWouldWriteThem()
    {
        // {type:3, data:[Date(2024-01-02T03:04:05.678Z), [1, undefined], {k:1, d:undefined}, ArrayBuffer[7,8]], nsp:"/", id:1}
        var packet = Decode("84a47479706503a46461746194d7000000018cc820db2e9201d4000082a16b01a164d40000c702000708a36e7370a12fa2696401");

        Assert.That(packet.Type, Is.EqualTo(SocketIoPacketType.Ack));
        Assert.That(packet.Id, Is.EqualTo(1));
        Assert.That(packet.Payload, Is.EqualTo("[\"2024-01-02T03:04:05.678Z\",[1,null],{\"k\":1},{\"_placeholder\":true,\"num\":0}]"));
        Assert.That(packet.Attachments.Single().ToArray(), Is.EqualTo(new byte[] { 7, 8 }));
    }

    [Test]
    public void Decode_LargeIntegersAndFloats_KeepTheirValues()
    {
        // data: [2**64-1 (uint64), -(2**63) (int64), 0.1 (float64), 0.5 (float32), NaN (float64)]
        var packet = Decode("83a47479706502a4646174619" + "5cfffffffffffffffffd38000000000000000cb3fb999999999999aca3f000000cb7ff8000000000000" + "a36e7370a12f");

        Assert.That(packet.Payload, Is.EqualTo("[18446744073709551615,-9223372036854775808,0.1,0.5,null]"));
    }

    [Test]
    public void Decode_MapKeysThatAreNumbers_BecomePropertyNames()
    {
        // data: ["e", {1: "one", -2: true}]
        var packet = Decode("83a47479706502a4646174619" + "2a16582" + "01a36f6e65" + "fec3" + "a36e7370a12f");

        Assert.That(packet.Payload, Is.EqualTo("[\"e\",{\"1\":\"one\",\"-2\":true}]"));
    }

    [TestCase("a0", "must be a map")]                                     // a string
    [TestCase("81a474797065" + "05", "no valid type")]                    // {type:5}
    [TestCase("82a47479706502a36e7370c0", "nsp is not a string")]        // nsp nil
    [TestCase("82a47479706502a36e7370a12f", "invalid data")]             // EVENT without data
    [TestCase("83a47479706501a46461746190a36e7370a12f", "invalid data")] // DISCONNECT with data
    [TestCase("83a47479706502a46461746190a36e7370a12f00", "trailing")]   // a byte after the map
    [TestCase("83a47479706502a46461746191", "not a valid msgpack")]       // cut short
    [TestCase("84a47479706502a46461746190a36e7370a12fa26964a131", "not an integer")] // id "1"
    public void Decode_InvalidPackets_AreProtocolErrors(string hex, string expected)
    {
        var decoder = MessagePackParser.Instance.CreateDecoder(V5);

        var exception = Assert.Throws<SocketIoProtocolException>(() => decoder.Decode(EngineIoMessage.FromBinary(Convert.FromHexString(hex))));

        Assert.That(exception!.Message, Does.Contain(expected));
    }

    [Test]
    public void Decode_InvalidUtf8_IsReplacedAsNodeDecodesIt()
    {
        // data: ["\xff"]: Node's Buffer.toString("utf8") (notepack) gives U+FFFD for the invalid byte.
        var packet = Decode("83a47479706502a464617461" + "91a1ff" + "a36e7370a12f");

        Assert.That(JsonDocument.Parse(packet.Payload!).RootElement[0].GetString(), Is.EqualTo("\uFFFD"));
    }

    [Test]
    public void Decode_DeepNesting_IsRefusedWithoutRecursingFurther()
    {
        var hex = "83a47479706502a464617461" + string.Concat(Enumerable.Repeat("91", 10_000)) + "c0" + "a36e7370a12f";
        var decoder = MessagePackParser.Instance.CreateDecoder(V5);

        var exception = Assert.Throws<SocketIoProtocolException>(() => decoder.Decode(EngineIoMessage.FromBinary(Convert.FromHexString(hex))));

        Assert.That(exception!.Message, Does.Contain("deeper than 64"));
    }

    [Test]
    public void Decode_TextMessage_SaysTheServerUsesAnotherParser()
    {
        var decoder = MessagePackParser.Instance.CreateDecoder(V5);

        var exception = Assert.Throws<SocketIoProtocolException>(() => decoder.Decode(EngineIoMessage.FromText("0{\"sid\":\"x\"}")));

        Assert.That(exception!.Message, Does.Contain("socket.io-msgpack-parser"));
    }

    [TestCase(SocketIoProtocol.V3)]
    [TestCase(SocketIoProtocol.V4)]
    public void OlderProtocols_AreNotSupported_AndTheMessageSaysWhy(SocketIoProtocol protocol)
    {
        var context = new SocketIoParserContext { Protocol = protocol };

        var exception = Assert.Throws<NotSupportedException>(() => MessagePackParser.Instance.CreateEncoder(context));

        Assert.That(exception!.Message, Does.Contain("V5").And.Contain(protocol.ToString()).And.Contain("SocketIoClientOptions.Parser"));
    }

    [Test]
    public void RoundTrip_UnicodeAndEscapes_Survive()
    {
        var payload = JsonSerializer.Serialize(new object[] { "ev", "ünïcødé ✓ \"quoted\" \\ \n 🎉", new Dictionary<string, object> { ["ключ"] = 1 } });
        var decoded = RoundTrip(new SocketIoPacket { Type = SocketIoPacketType.Event, Payload = payload });

        using var expected = JsonDocument.Parse(payload);
        using var actual = JsonDocument.Parse(decoded.Payload!);
        Assert.That(JsonElement.DeepEquals(expected.RootElement, actual.RootElement), Is.True, decoded.Payload);
    }

    private static byte[] Encode(SocketIoPacket packet)
    {
        var messages = new List<EngineIoMessage>();
        MessagePackParser.Instance.CreateEncoder(V5).Encode(packet, messages);
        return messages.Single().Binary.ToArray();
    }

    private static SocketIoPacket Decode(string hex) =>
        MessagePackParser.Instance.CreateDecoder(V5).Decode(EngineIoMessage.FromBinary(Convert.FromHexString(hex)))!;

    private static SocketIoPacket RoundTrip(SocketIoPacket packet) =>
        MessagePackParser.Instance.CreateDecoder(V5).Decode(EngineIoMessage.FromBinary(Encode(packet)))!;

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
