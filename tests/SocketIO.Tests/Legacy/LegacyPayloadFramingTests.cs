using Tusk.SocketIO.Legacy;

namespace Tusk.SocketIO.Tests.Legacy;

[TestFixture]
public sealed class LegacyPayloadFramingTests
{
    [Test]
    public void OnePacketIsSentUnframed() => Assert.That(LegacyPayloadFraming.Encode(["2::"]), Is.EqualTo("2::"));

    [Test]
    public void SeveralPacketsArePrefixedWithTheirLength() =>
        Assert.That(LegacyPayloadFraming.Encode(["2::", "5:::{\"name\":\"a\"}"]), Is.EqualTo("\ufffd3\ufffd2::\ufffd16\ufffd5:::{\"name\":\"a\"}"));

    [Test]
    public void LengthsCountUtf16CodeUnits()
    {
        // "é" is one UTF-16 unit (2 UTF-8 bytes); "🎉" is a surrogate pair: two units, as JavaScript counts them.
        var packets = new[] { "3:::é", "3:::🎉", "3:::\ufffd" };

        var body = LegacyPayloadFraming.Encode(packets);

        Assert.That(body, Does.StartWith("\ufffd5\ufffd3:::é\ufffd6\ufffd3:::🎉\ufffd5\ufffd"));
        Assert.That(LegacyPayloadFraming.Decode(body), Is.EqualTo(packets));
    }

    [Test]
    public void AnUnframedBodyIsOnePacket() => Assert.That(LegacyPayloadFraming.Decode("3:::a:b"), Is.EqualTo(new[] { "3:::a:b" }));

    [Test]
    public void AnEmptyBodyHasNoPackets() => Assert.That(LegacyPayloadFraming.Decode(string.Empty), Is.Empty);

    [Test]
    public void DecodesWhatTheServerFrames() =>
        Assert.That(LegacyPayloadFraming.Decode("\ufffd3\ufffd1::\ufffd3\ufffd2::\ufffd6\ufffd3:::\ufffd!"), Is.EqualTo(new[] { "1::", "2::", "3:::\ufffd!" }));

    [TestCase("\ufffd")]
    [TestCase("\ufffd3")]
    [TestCase("\ufffd\ufffd2::")]
    [TestCase("\ufffdx\ufffd2::")]
    [TestCase("\ufffd9\ufffd2::")]
    [TestCase("\ufffd3\ufffd2::junk")]
    [TestCase("\ufffd99999999999\ufffd2::")]
    public void RejectsBrokenFraming(string body) =>
        Assert.That(() => LegacyPayloadFraming.Decode(body), Throws.TypeOf<SocketIoProtocolException>());

    [Test]
    public void A_payload_of_more_packets_than_a_server_flushes_at_once_is_a_parse_error()
    {
        var most = string.Concat(Enumerable.Repeat("\ufffd1\ufffd8", LegacyPayloadFraming.MaxPacketsPerPayload));

        Assert.That(LegacyPayloadFraming.Decode(most), Has.Count.EqualTo(LegacyPayloadFraming.MaxPacketsPerPayload));
        Assert.That(() => LegacyPayloadFraming.Decode(most + "\ufffd1\ufffd8"),
            Throws.TypeOf<SocketIoProtocolException>().With.Message.Contains("more than 100000 packets"));
    }
}
