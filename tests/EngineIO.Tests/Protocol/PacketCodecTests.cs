using System.Buffers;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

public class PacketCodecTests
{
    [Test]
    public void Binary_frames_carry_a_type_byte_only_in_revision_3()
    {
        var packet = EngineIoPacket.Message(new byte[] { 1, 2, 3 });
        var v3 = new ArrayBufferWriter<byte>();
        PacketCodec.EncodeBinaryFrame(packet, EngineIoVersion.V3, v3);
        var v4 = new ArrayBufferWriter<byte>();
        PacketCodec.EncodeBinaryFrame(packet, EngineIoVersion.V4, v4);

        Assert.That(v3.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 4, 1, 2, 3 }));
        Assert.That(v4.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(PacketCodec.DecodeBinaryFrame(v3.WrittenSpan, EngineIoVersion.V3), Is.EqualTo(packet));
        Assert.That(PacketCodec.DecodeBinaryFrame(v4.WrittenSpan, EngineIoVersion.V4), Is.EqualTo(packet));
    }

    [Test]
    public void Base64_forms_differ_by_revision()
    {
        var packet = EngineIoPacket.Message(new byte[] { 1, 2, 3 });
        Assert.That(PacketCodec.EncodeBase64(packet, EngineIoVersion.V3), Is.EqualTo("b4AQID"));
        Assert.That(PacketCodec.EncodeBase64(packet, EngineIoVersion.V4), Is.EqualTo("bAQID"));
        Assert.That(PacketCodec.DecodeText("b4AQID", EngineIoVersion.V3), Is.EqualTo(packet));
        Assert.That(PacketCodec.DecodeText("bAQID", EngineIoVersion.V4), Is.EqualTo(packet));
    }

    [TestCase("2probe", EngineIoPacketType.Ping, "probe")]
    [TestCase("3", EngineIoPacketType.Pong, null)]
    [TestCase("4", EngineIoPacketType.Message, "")]
    [TestCase("6", EngineIoPacketType.Noop, null)]
    public void Text_packets_decode(string text, EngineIoPacketType type, string? data)
    {
        var packet = PacketCodec.DecodeText(text, EngineIoVersion.V4);
        Assert.That(packet, Is.EqualTo(new EngineIoPacket(type, data)));
        Assert.That(PacketCodec.EncodeText(packet), Is.EqualTo(text));
    }

    [TestCase("")]
    [TestCase("9")]
    [TestCase("b")]
    public void Malformed_text_packets_raise_a_parse_error(string text)
    {
        Assert.Throws<EngineIoParseException>(() => PacketCodec.DecodeText(text, EngineIoVersion.V3));
    }

    [Test]
    public void Malformed_binary_frames_raise_a_parse_error()
    {
        Assert.Throws<EngineIoParseException>(() => PacketCodec.DecodeBinaryFrame(ReadOnlySpan<byte>.Empty, EngineIoVersion.V3));
        Assert.Throws<EngineIoParseException>(() => PacketCodec.DecodeBinaryFrame(new byte[] { 9, 1 }, EngineIoVersion.V3));
    }
}
