using System.Buffers;
using System.Text;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

public class PayloadCodecV4Tests
{
    private static string Encode(params EngineIoPacket[] packets)
    {
        var output = new ArrayBufferWriter<byte>();
        PayloadCodecV4.Encode(packets, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Test]
    public void Packets_are_separated_by_the_record_separator()
    {
        var packets = new[] { EngineIoPacket.Message("hello"), new EngineIoPacket(EngineIoPacketType.Ping), EngineIoPacket.Message("world") };
        Assert.That(Encode(packets), Is.EqualTo("4hello\u001e2\u001e4world"));
        Assert.That(PayloadCodecV4.Decode("4hello\u001e2\u001e4world"u8), Is.EqualTo(packets));
    }

    [Test]
    public void Binary_is_b_and_base64_without_a_type_digit()
    {
        var packets = new[] { EngineIoPacket.Message("hello"), EngineIoPacket.Message(new byte[] { 1, 2, 3, 4 }) };
        Assert.That(Encode(packets), Is.EqualTo("4hello\u001ebAQIDBA=="));
        Assert.That(PayloadCodecV4.Decode("4hello\u001ebAQIDBA=="u8), Is.EqualTo(packets));
    }

    [Test]
    public void Multibyte_text_and_empty_packets_round_trip()
    {
        var packets = new[] { EngineIoPacket.Message("héllo 😀 €"), EngineIoPacket.Message(string.Empty), EngineIoPacket.Message(ReadOnlyMemory<byte>.Empty), new EngineIoPacket(EngineIoPacketType.Noop) };
        var encoded = Encode(packets);
        Assert.That(encoded, Is.EqualTo("4héllo 😀 €\u001e4\u001eb\u001e6"));
        Assert.That(PayloadCodecV4.Decode(Encoding.UTF8.GetBytes(encoded)), Is.EqualTo(packets));
    }

    [Test]
    public void Handshake_decodes_as_an_open_packet()
    {
        var packets = PayloadCodecV4.Decode("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"u8);
        Assert.That(packets.Single().Type, Is.EqualTo(EngineIoPacketType.Open));
        Assert.That(packets.Single().Text, Does.StartWith("{\"sid\":\"abc\""));
    }

    [TestCase("")]
    [TestCase("4a\u001e")]
    [TestCase("\u001e4a")]
    [TestCase("7")]
    [TestCase("x")]
    [TestCase("b!!")]
    public void Malformed_payloads_raise_a_parse_error(string body)
    {
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV4.Decode(Encoding.UTF8.GetBytes(body)));
    }

    [Test]
    public void A_text_packet_holding_the_record_separator_fails_the_payload_instead_of_splitting_it()
    {
        // "x\x1e42[..." would be read by the server as the message "x" and a Socket.IO event of its own.
        Assert.Throws<ArgumentException>(() => Encode(EngineIoPacket.Message("ok"), EngineIoPacket.Message("x\u001e42[\"pwn\"]")));
        Assert.Throws<ArgumentException>(() => Encode(EngineIoPacket.FromUtf8(EngineIoPacketType.Message, "x\u001e4"u8.ToArray())));
    }

    [Test]
    public void A_payload_that_is_not_valid_utf8_is_a_parse_error()
    {
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV4.Decode("4ok\u001e4"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).ToArray()));
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV4.Decode(new byte[] { (byte)'4', 0xED, 0xA0, 0x80 }), "an encoded surrogate");
    }
}
