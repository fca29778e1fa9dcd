using System.Buffers;
using System.Text;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

/// <summary>The public packet codec (one packet per message, as a custom message transport uses it), both revisions.</summary>
public class EngineIoPacketCodecTests
{
    private static (byte[] Bytes, bool Binary) Encode(EngineIoPacket packet, EngineIoVersion version)
    {
        var output = new ArrayBufferWriter<byte>();
        var binary = EngineIoPacketCodec.Encode(packet, version, output);
        return (output.WrittenSpan.ToArray(), binary);
    }

    [TestCase(EngineIoVersion.V3)]
    [TestCase(EngineIoVersion.V4)]
    [TestCase(EngineIoVersion.Auto)]
    public void Text_packets_are_their_type_digit_then_their_utf8_text(EngineIoVersion version)
    {
        var (message, messageIsBinary) = Encode(EngineIoPacket.Message("héllo 😀"), version);
        var (probe, probeIsBinary) = Encode(new EngineIoPacket(EngineIoPacketType.Ping, "probe"), version);
        var (noop, _) = Encode(new EngineIoPacket(EngineIoPacketType.Noop), version);

        Assert.Multiple(() =>
        {
            Assert.That(message, Is.EqualTo(Encoding.UTF8.GetBytes("4héllo 😀")));
            Assert.That(messageIsBinary, Is.False);
            Assert.That(probe, Is.EqualTo("2probe"u8.ToArray()));
            Assert.That(probeIsBinary, Is.False);
            Assert.That(noop, Is.EqualTo("6"u8.ToArray()));
        });
    }

    [Test]
    public void Binary_packets_are_the_raw_bytes_in_revision_4_and_a_type_byte_then_the_bytes_in_revision_3()
    {
        var packet = EngineIoPacket.Message(new byte[] { 1, 2, 3 });

        Assert.Multiple(() =>
        {
            Assert.That(Encode(packet, EngineIoVersion.V4), Is.EqualTo((new byte[] { 1, 2, 3 }, true)));
            Assert.That(Encode(packet, EngineIoVersion.Auto), Is.EqualTo((new byte[] { 1, 2, 3 }, true)), "Auto is the revision the handshake is sent with");
            Assert.That(Encode(packet, EngineIoVersion.V3), Is.EqualTo((new byte[] { 4, 1, 2, 3 }, true)));
            Assert.That(Encode(new EngineIoPacket(EngineIoPacketType.Ping, new byte[] { 9 }), EngineIoVersion.V3), Is.EqualTo((new byte[] { 2, 9 }, true)));
        });
    }

    [TestCase(EngineIoVersion.V3)]
    [TestCase(EngineIoVersion.V4)]
    public void Every_packet_type_round_trips(EngineIoVersion version)
    {
        var packets = new List<EngineIoPacket>
        {
            new(EngineIoPacketType.Open, "{\"sid\":\"abc\"}"),
            new(EngineIoPacketType.Close),
            new(EngineIoPacketType.Ping, "probe"),
            new(EngineIoPacketType.Pong),
            EngineIoPacket.Message("€ and 😀"),
            EngineIoPacket.Message(string.Empty),
            EngineIoPacket.Message(new byte[] { 0, 255, 4 }),
            EngineIoPacket.Message(ReadOnlyMemory<byte>.Empty),
            new(EngineIoPacketType.Upgrade),
            new(EngineIoPacketType.Noop),
        };

        foreach (var packet in packets)
        {
            var (bytes, binary) = Encode(packet, version);
            var decoded = binary ? EngineIoPacketCodec.DecodeBinary(bytes, version) : EngineIoPacketCodec.DecodeText(bytes, version);
            Assert.That(decoded, Is.EqualTo(packet), packet.ToString());
        }
    }

    [Test]
    public void Base64_text_packets_decode_in_the_form_of_each_revision()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EngineIoPacketCodec.DecodeText("bAQID"u8, EngineIoVersion.V4), Is.EqualTo(EngineIoPacket.Message(new byte[] { 1, 2, 3 })));
            Assert.That(EngineIoPacketCodec.DecodeText("b4AQID"u8, EngineIoVersion.V3), Is.EqualTo(EngineIoPacket.Message(new byte[] { 1, 2, 3 })));
        });
    }

    [Test]
    public void Decoded_packets_own_their_data_so_the_buffer_can_be_reused()
    {
        var text = "4hello"u8.ToArray();
        var binary = new byte[] { 4, 1, 2, 3 };
        var fromText = EngineIoPacketCodec.DecodeText(text, EngineIoVersion.V4);
        var fromBinary = EngineIoPacketCodec.DecodeBinary(binary, EngineIoVersion.V3);

        Array.Fill(text, (byte)'x');
        Array.Fill(binary, (byte)0);

        Assert.Multiple(() =>
        {
            Assert.That(fromText.Text, Is.EqualTo("hello"));
            Assert.That(fromBinary.Binary.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        });
    }

    [TestCase("", EngineIoVersion.V4)]
    [TestCase("", EngineIoVersion.V3)]
    [TestCase("9x", EngineIoVersion.V4)]
    [TestCase("x", EngineIoVersion.V3)]
    [TestCase("b!!!", EngineIoVersion.V4)]
    [TestCase("b", EngineIoVersion.V3)]
    [TestCase("b9AQID", EngineIoVersion.V3)]
    public void Malformed_text_messages_are_parse_errors(string message, EngineIoVersion version)
    {
        Assert.Throws<EngineIoParseException>(() => EngineIoPacketCodec.DecodeText(Encoding.UTF8.GetBytes(message), version));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 7, 1 })]
    [TestCase(new byte[] { 255 })]
    public void Malformed_revision_3_binary_messages_are_parse_errors(byte[] message)
    {
        Assert.Throws<EngineIoParseException>(() => EngineIoPacketCodec.DecodeBinary(message, EngineIoVersion.V3));
    }

    [Test]
    public void Packets_that_cannot_go_on_the_wire_are_refused_before_anything_is_written()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => EngineIoPacketCodec.Encode(new EngineIoPacket((EngineIoPacketType)7, "x"), EngineIoVersion.V4, output));
            Assert.Throws<ArgumentException>(() => EngineIoPacketCodec.Encode(new EngineIoPacket((EngineIoPacketType)(-1)), EngineIoVersion.V3, output));
            Assert.Throws<ArgumentException>(
                () => EngineIoPacketCodec.Encode(new EngineIoPacket(EngineIoPacketType.Ping, new byte[] { 1 }), EngineIoVersion.V4, output),
                "revision 4's binary forms have no type");
            Assert.Throws<ArgumentNullException>(() => EngineIoPacketCodec.Encode(EngineIoPacket.Message("x"), EngineIoVersion.V4, null!));
            Assert.That(output.WrittenCount, Is.Zero);
        });
    }
}
