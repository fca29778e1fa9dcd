using Tusk.SocketIO.Legacy;

namespace Tusk.SocketIO.Tests.Legacy;

[TestFixture]
public sealed class LegacyPacketCodecTests
{
    [TestCase("2::", 2, "", null, null, false)]
    [TestCase("1::", 1, "", null, null, false)]
    [TestCase("1::/chat", 1, "/chat", null, null, false)]
    [TestCase("0::/chat", 0, "/chat", null, null, false)]
    [TestCase("3:::hello", 3, "", "hello", null, false)]
    [TestCase("3:1::hi: there", 3, "", "hi: there", 1L, false)]
    [TestCase("4:::{\"a\":1}", 4, "", "{\"a\":1}", null, false)]
    [TestCase("5:3+::{\"name\":\"q\",\"args\":[1]}", 5, "", "{\"name\":\"q\",\"args\":[1]}", 3L, true)]
    [TestCase("5::/chat:{\"name\":\"x\"}", 5, "/chat", "{\"name\":\"x\"}", null, false)]
    [TestCase("6:::4+[\"A\",\"B\"]", 6, "", "4+[\"A\",\"B\"]", null, false)]
    [TestCase("7:::1+0", 7, "", "1+0", null, false)]
    [TestCase("8::", 8, "", null, null, false)]
    [TestCase("8:::", 8, "", "", null, false)]
    public void Decodes(string text, int typeNumber, string endpoint, string? data, long? id, bool ackWithData)
    {
        var packet = LegacyPacketCodec.Decode(text);

        Assert.That(packet.Type, Is.EqualTo((LegacyPacketType)typeNumber));
        Assert.That(packet.Endpoint, Is.EqualTo(endpoint));
        Assert.That(packet.Data, Is.EqualTo(data));
        Assert.That(packet.Id, Is.EqualTo(id));
        Assert.That(packet.AckWithData, Is.EqualTo(ackWithData));
    }

    [TestCase("2::")]
    [TestCase("1::/chat")]
    [TestCase("5:3+::{\"name\":\"q\",\"args\":[1]}")]
    [TestCase("5:7:/admin:{\"name\":\"q\"}")]
    [TestCase("6::/chat:4+[\"A\"]")]
    [TestCase("3:::a:b:c")]
    public void EncodesWhatItDecodes(string text) => Assert.That(LegacyPacketCodec.Encode(LegacyPacketCodec.Decode(text)), Is.EqualTo(text));

    [Test]
    public void EncodesTheIdWithPlusOnlyForDataAcks()
    {
        Assert.That(LegacyPacketCodec.Encode(new LegacyPacket(LegacyPacketType.Event, "/a", "{}") { Id = 12, AckWithData = true }), Is.EqualTo("5:12+:/a:{}"));
        Assert.That(LegacyPacketCodec.Encode(new LegacyPacket(LegacyPacketType.Event, "", "{}") { Id = 12 }), Is.EqualTo("5:12::{}"));
    }

    [TestCase("")]
    [TestCase("9::")]
    [TestCase("x::")]
    [TestCase("55::")]
    [TestCase("2")]
    [TestCase("2:")]
    [TestCase("5:a::{}")]
    [TestCase("5:+::{}")]
    [TestCase("5:99999999999999999999::{}")]
    public void RejectsMalformedPackets(string text) =>
        Assert.That(() => LegacyPacketCodec.Decode(text), Throws.TypeOf<SocketIoProtocolException>().With.Message.Contains("0.9"));

    [Test]
    public void RefusesEndpointsWithColons() =>
        Assert.That(() => LegacyPacketCodec.Encode(new LegacyPacket(LegacyPacketType.Connect, "/a:b")), Throws.ArgumentException);
}
