using System.Buffers;
using System.Text;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

public class PayloadCodecV3Tests
{
    private static string EncodeText(params EngineIoPacket[] packets)
    {
        var output = new ArrayBufferWriter<byte>();
        PayloadCodecV3.EncodeText(packets, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static byte[] EncodeBinary(params EngineIoPacket[] packets)
    {
        var output = new ArrayBufferWriter<byte>();
        PayloadCodecV3.EncodeBinary(packets, output);
        return output.WrittenSpan.ToArray();
    }

    [TestCase("hello", "6:4hello")]
    [TestCase("€", "2:4€")]
    [TestCase("héllo 😀", "9:4héllo 😀")]
    [TestCase("😀", "3:4😀")]
    [TestCase("", "1:4")]
    public void Text_lengths_count_utf16_code_units(string text, string expected)
    {
        Assert.That(EncodeText(EngineIoPacket.Message(text)), Is.EqualTo(expected));
        var decoded = PayloadCodecV3.DecodeText(Encoding.UTF8.GetBytes(expected));
        Assert.That(decoded, Is.EqualTo(new[] { EngineIoPacket.Message(text) }));
    }

    [Test]
    public void Several_packets_and_base64_binary_round_trip()
    {
        var packets = new[] { EngineIoPacket.Message("€"), EngineIoPacket.Message(new byte[] { 1, 2, 3, 4 }), new EngineIoPacket(EngineIoPacketType.Ping) };
        var encoded = EncodeText(packets);
        Assert.That(encoded, Is.EqualTo("2:4€10:b4AQIDBA==1:2"));
        Assert.That(PayloadCodecV3.DecodeText(Encoding.UTF8.GetBytes(encoded)), Is.EqualTo(packets));
    }

    [Test]
    public void Empty_payload_is_zero_colon()
    {
        Assert.That(EncodeText(), Is.EqualTo("0:"));
        Assert.That(PayloadCodecV3.DecodeText("0:"u8), Is.Empty);
    }

    [Test]
    public void Handshake_payload_with_a_following_packet_decodes()
    {
        var body = "97:0{\"sid\":\"ssO51L53Emo8zXiyAAAA\",\"upgrades\":[\"websocket\"],\"pingInterval\":20000,\"pingTimeout\":15000}2:40";
        var packets = PayloadCodecV3.DecodeText(Encoding.UTF8.GetBytes(body));
        Assert.That(packets, Has.Count.EqualTo(2));
        Assert.That(packets[0].Type, Is.EqualTo(EngineIoPacketType.Open));
        Assert.That(packets[1], Is.EqualTo(EngineIoPacket.Message("0")));
    }

    [TestCase("")]
    [TestCase("4hello")]
    [TestCase("6:4hel")]
    [TestCase("x:4")]
    [TestCase("0:4")]
    [TestCase("2:9x")]
    [TestCase("99999999999999:4")]
    [TestCase("5:b4!!!")]
    [TestCase(":4")]
    public void Malformed_text_payloads_raise_a_parse_error(string body)
    {
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeText(Encoding.UTF8.GetBytes(body)));
    }

    [Test]
    public void Binary_payload_matches_the_verified_bytes()
    {
        var packets = new[] { EngineIoPacket.Message("€"), EngineIoPacket.Message(new byte[] { 1, 2, 3, 4 }) };
        var expected = new byte[] { 0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac, 0x01, 0x05, 0xff, 0x04, 0x01, 0x02, 0x03, 0x04 };
        Assert.That(EncodeBinary(packets), Is.EqualTo(expected));
        Assert.That(PayloadCodecV3.DecodeBinary(expected), Is.EqualTo(packets));
    }

    [Test]
    public void Socket_io_1x_text_only_binary_payload_decodes()
    {
        var body = new byte[] { 0x00, 0x07, 0xff, 0x34, 0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f };
        Assert.That(PayloadCodecV3.DecodeBinary(body), Is.EqualTo(new[] { EngineIoPacket.Message("héllo") }));
    }

    [Test]
    public void Binary_payload_lengths_with_several_digits_round_trip()
    {
        var big = new byte[1234];
        Random.Shared.NextBytes(big);
        var packets = new[] { EngineIoPacket.Message(big), EngineIoPacket.Message(new string('x', 300)) };
        var encoded = EncodeBinary(packets);
        Assert.That(encoded[1..6], Is.EqualTo(new byte[] { 1, 2, 3, 5, 0xff }));
        Assert.That(PayloadCodecV3.DecodeBinary(encoded), Is.EqualTo(packets));
    }

    [TestCase(new byte[] { 0x02, 0x01, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x00, 0x05, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x00, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x00, 0x01, 0x02 })]
    [TestCase(new byte[] { 0x00, 0x0a, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x01, 0x01, 0xff, 0x09 })]
    [TestCase(new byte[] { 0x00, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0xff })]
    [TestCase(new byte[0])]
    public void Malformed_binary_payloads_raise_a_parse_error(byte[] body)
    {
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeBinary(body));
    }

    [Test]
    public void Text_that_is_not_valid_utf8_is_a_parse_error_in_both_payload_forms()
    {
        // "3:4" then C3 28 (a lead byte without its continuation): in the text form, and as a string part of the binary form.
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeText(new byte[] { (byte)'3', (byte)':', (byte)'4', 0xC3, 0x28 }));
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeBinary(new byte[] { 0x00, 0x03, 0xFF, (byte)'4', 0xC3, 0x28 }));
    }
}
