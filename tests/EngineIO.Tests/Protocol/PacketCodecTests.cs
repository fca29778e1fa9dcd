using System.Buffers;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

public class PacketCodecTests
{
    [Test]
    public void Binary_frames_carry_a_type_byte_only_in_revision_3()
    {
        var packet = EngineIOPacket.Message(new byte[] { 1, 2, 3 });
        var v3 = new ArrayBufferWriter<byte>();
        PacketCodec.EncodeBinaryFrame(packet, EngineIOVersion.V3, v3);
        var v4 = new ArrayBufferWriter<byte>();
        PacketCodec.EncodeBinaryFrame(packet, EngineIOVersion.V4, v4);

        Assert.That(v3.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 4, 1, 2, 3 }));
        Assert.That(v4.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(PacketCodec.DecodeBinaryFrame(v3.WrittenSpan, EngineIOVersion.V3), Is.EqualTo(packet));
        Assert.That(PacketCodec.DecodeBinaryFrame(v4.WrittenSpan, EngineIOVersion.V4), Is.EqualTo(packet));
    }

    [Test]
    public void Base64_forms_differ_by_revision()
    {
        var packet = EngineIOPacket.Message(new byte[] { 1, 2, 3 });
        Assert.That(PacketCodec.EncodeBase64(packet, EngineIOVersion.V3), Is.EqualTo("b4AQID"));
        Assert.That(PacketCodec.EncodeBase64(packet, EngineIOVersion.V4), Is.EqualTo("bAQID"));
        Assert.That(PacketCodec.DecodeText("b4AQID", EngineIOVersion.V3), Is.EqualTo(packet));
        Assert.That(PacketCodec.DecodeText("bAQID", EngineIOVersion.V4), Is.EqualTo(packet));
    }

    [TestCase("2probe", EngineIOPacketType.Ping, "probe")]
    [TestCase("3", EngineIOPacketType.Pong, null)]
    [TestCase("4", EngineIOPacketType.Message, "")]
    [TestCase("6", EngineIOPacketType.Noop, null)]
    public void Text_packets_decode(string text, EngineIOPacketType type, string? data)
    {
        var packet = PacketCodec.DecodeText(text, EngineIOVersion.V4);
        Assert.That(packet, Is.EqualTo(new EngineIOPacket(type, data)));
        Assert.That(PacketCodec.EncodeText(packet), Is.EqualTo(text));
    }

    [TestCase("")]
    [TestCase("9")]
    [TestCase("b")]
    public void Malformed_text_packets_raise_a_parse_error(string text)
    {
        Assert.Throws<EngineIOParseException>(() => PacketCodec.DecodeText(text, EngineIOVersion.V3));
    }

    [Test]
    public void Malformed_binary_frames_raise_a_parse_error()
    {
        Assert.Throws<EngineIOParseException>(() => PacketCodec.DecodeBinaryFrame(ReadOnlySpan<byte>.Empty, EngineIOVersion.V3));
        Assert.Throws<EngineIOParseException>(() => PacketCodec.DecodeBinaryFrame(new byte[] { 9, 1 }, EngineIOVersion.V3));
    }
}
