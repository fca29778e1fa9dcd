using System.Buffers;
using System.Text;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

/// <summary>The public payload codec (polling bodies, as a custom polling transport uses it), both revisions, text and
/// binary, and its bounds.</summary>
public class EngineIoPayloadCodecTests
{
    private static readonly EngineIoPacket[] Mixed =
    [
        EngineIoPacket.Message("€"),
        EngineIoPacket.Message(new byte[] { 1, 2, 3, 4 }),
        new(EngineIoPacketType.Ping),
    ];

    private static (byte[] Body, string ContentType) Encode(IReadOnlyList<EngineIoPacket> packets, EngineIoVersion version, bool preferBinary = false)
    {
        var output = new ArrayBufferWriter<byte>();
        var contentType = EngineIoPayloadCodec.Encode(packets, version, output, preferBinary);
        return (output.WrittenSpan.ToArray(), contentType);
    }

    [TestCase(EngineIoVersion.V4)]
    [TestCase(EngineIoVersion.Auto)]
    public void Revision_4_separates_packets_with_the_record_separator_and_writes_binary_as_base64(EngineIoVersion version)
    {
        var (body, contentType) = Encode(Mixed, version);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(body), Is.EqualTo("4€\u001ebAQIDBA==\u001e2"));
            Assert.That(contentType, Is.EqualTo(EngineIoPayloadCodec.TextContentType));
            Assert.That(EngineIoPayloadCodec.Decode(body, binaryContentType: false, EngineIoVersion.V4), Is.EqualTo(Mixed));
        });
    }

    [Test]
    public void Revision_3_text_payloads_prefix_each_packet_with_its_length_in_utf16_code_units()
    {
        var packets = new[] { EngineIoPacket.Message("héllo 😀"), new EngineIoPacket(EngineIoPacketType.Ping, "probe") };

        var (body, contentType) = Encode(packets, EngineIoVersion.V3);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(body), Is.EqualTo("9:4héllo 😀6:2probe"));
            Assert.That(contentType, Is.EqualTo(EngineIoPayloadCodec.TextContentType));
            Assert.That(EngineIoPayloadCodec.Decode(body, binaryContentType: false, EngineIoVersion.V3), Is.EqualTo(packets));
        });
    }

    [Test]
    public void Revision_3_writes_the_xhr2_binary_form_when_a_packet_is_binary_or_when_asked()
    {
        var withBinary = Encode(Mixed, EngineIoVersion.V3);
        var asked = Encode([EngineIoPacket.Message("€")], EngineIoVersion.V3, preferBinary: true);

        Assert.Multiple(() =>
        {
            Assert.That(withBinary.ContentType, Is.EqualTo(EngineIoPayloadCodec.BinaryContentType));
            Assert.That(withBinary.Body, Is.EqualTo(new byte[]
            {
                0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac,
                0x01, 0x05, 0xff, 0x04, 0x01, 0x02, 0x03, 0x04,
                0x00, 0x01, 0xff, 0x32,
            }));
            Assert.That(EngineIoPayloadCodec.Decode(withBinary.Body, binaryContentType: true, EngineIoVersion.V3), Is.EqualTo(Mixed));
            Assert.That(asked.ContentType, Is.EqualTo(EngineIoPayloadCodec.BinaryContentType));
            Assert.That(asked.Body, Is.EqualTo(new byte[] { 0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac }));
            Assert.That(Encode([EngineIoPacket.Message("€")], EngineIoVersion.V4, preferBinary: true).ContentType,
                Is.EqualTo(EngineIoPayloadCodec.TextContentType), "revision 4 has no binary payload");
        });
    }

    [Test]
    public void A_revision_3_binary_payload_is_read_as_binary_even_without_its_content_type()
    {
        var body = new byte[] { 0x00, 0x07, 0xff, 0x34, 0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f };

        Assert.That(EngineIoPayloadCodec.Decode(body, binaryContentType: false, EngineIoVersion.V3), Is.EqualTo(new[] { EngineIoPacket.Message("héllo") }));
    }

    [TestCase("96:0{\"sid\":\"a\"}", false, EngineIoVersion.V3)]
    [TestCase("0{\"sid\":\"a\"}", false, EngineIoVersion.V4)]
    [TestCase("0{\"sid\":\"a\"}", true, EngineIoVersion.V3)]
    public void The_revision_is_told_from_the_framing(string body, bool binaryContentType, EngineIoVersion expected)
    {
        Assert.That(EngineIoPayloadCodec.DetectVersion(Encoding.UTF8.GetBytes(body), binaryContentType), Is.EqualTo(expected));
    }

    [Test]
    public void Auto_decodes_each_revision_by_its_framing()
    {
        var v3 = EngineIoPayloadCodec.Decode("2:4€1:2"u8, binaryContentType: false, EngineIoVersion.Auto);
        var v4 = EngineIoPayloadCodec.Decode("4€\u001e2"u8, binaryContentType: false, EngineIoVersion.Auto);
        var expected = new[] { EngineIoPacket.Message("€"), new EngineIoPacket(EngineIoPacketType.Ping) };

        Assert.Multiple(() =>
        {
            Assert.That(v3, Is.EqualTo(expected));
            Assert.That(v4, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Batches_split_with_CountFitting_stay_under_max_payload_and_decode_back_to_the_packets()
    {
        var packets = Enumerable.Range(0, 10).Select(i => EngineIoPacket.Message(new string((char)('a' + i), 100))).ToList();
        var output = new ArrayBufferWriter<byte>();
        var decoded = new List<EngineIoPacket>();
        var bodies = 0;

        for (var start = 0; start < packets.Count;)
        {
            var count = EngineIoPayloadCodec.CountFitting(packets, start, maxPayload: 350);
            output.ResetWrittenCount();
            Assert.That(EngineIoPayloadCodec.Encode(packets, start, count, EngineIoVersion.V4, output), Is.EqualTo(EngineIoPayloadCodec.TextContentType));
            Assert.That(output.WrittenCount, Is.LessThanOrEqualTo(350));
            decoded.AddRange(EngineIoPayloadCodec.Decode(output.WrittenSpan, binaryContentType: false, EngineIoVersion.V4));
            start += count;
            bodies++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(packets));
            Assert.That(bodies, Is.EqualTo(4), "3 + 3 + 3 + 1 packets of 101 bytes");
            Assert.That(EngineIoPayloadCodec.CountFitting(packets, 0, maxPayload: null), Is.EqualTo(10));
            Assert.That(EngineIoPayloadCodec.CountFitting(packets, 0, maxPayload: 10), Is.EqualTo(1), "a packet over the limit still goes alone");
        });
    }

    [Test]
    public void A_range_of_a_revision_3_batch_is_written_alone()
    {
        var output = new ArrayBufferWriter<byte>();

        var contentType = EngineIoPayloadCodec.Encode(Mixed, 2, 1, EngineIoVersion.V3, output);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(output.WrittenSpan), Is.EqualTo("1:2"));
            Assert.That(contentType, Is.EqualTo(EngineIoPayloadCodec.TextContentType), "the binary packet is outside the range");
        });
    }

    [Test]
    public void Ranges_and_packets_that_cannot_go_on_the_wire_are_refused_before_anything_is_written()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => EngineIoPayloadCodec.Encode(Mixed, 2, 2, EngineIoVersion.V4, output));
            Assert.Throws<ArgumentOutOfRangeException>(() => EngineIoPayloadCodec.Encode(Mixed, -1, 1, EngineIoVersion.V4, output));
            Assert.Throws<ArgumentOutOfRangeException>(() => EngineIoPayloadCodec.CountFitting(Mixed, 3, null));
            Assert.Throws<ArgumentException>(() => EngineIoPayloadCodec.Encode([EngineIoPacket.Message("a"), new EngineIoPacket((EngineIoPacketType)9)], EngineIoVersion.V3, output));
            Assert.Throws<ArgumentException>(() => EngineIoPayloadCodec.Encode([new EngineIoPacket(EngineIoPacketType.Pong, new byte[] { 1 })], EngineIoVersion.V4, output));
            Assert.That(output.WrittenCount, Is.Zero);
        });
    }

    [Test]
    public void Decode_copies_the_data_so_the_body_can_be_reused()
    {
        var body = Encoding.UTF8.GetBytes("4hello\u001ebAQID");

        var packets = EngineIoPayloadCodec.Decode(body, binaryContentType: false, EngineIoVersion.V4);
        Array.Fill(body, (byte)'x');

        Assert.That(packets, Is.EqualTo(new[] { EngineIoPacket.Message("hello"), EngineIoPacket.Message(new byte[] { 1, 2, 3 }) }));
    }

    [TestCase(EngineIoVersion.V4)]
    [TestCase(EngineIoVersion.V3)]
    public void DecodeOwned_lets_a_large_message_keep_its_slice_of_the_body(EngineIoVersion version)
    {
        var text = new string('x', 1024 * 1024);
        var (body, contentType) = Encode([EngineIoPacket.Message(text), new EngineIoPacket(EngineIoPacketType.Noop)], version);
        var binaryContentType = contentType == EngineIoPayloadCodec.BinaryContentType;
        // Both paths once on a small payload first: the first call on a thread also pays for type and static
        // initialisation (8 KB was seen once in a parallel run), which is not the message's cost; the bound stays far
        // below one copy of the message either way.
        var (warmUp, _) = Encode([EngineIoPacket.Message("x"), new EngineIoPacket(EngineIoPacketType.Noop)], version);
        _ = EngineIoPayloadCodec.DecodeOwned(warmUp, binaryContentType, version);
        _ = EngineIoPayloadCodec.Decode(warmUp, binaryContentType, version);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var owned = EngineIoPayloadCodec.DecodeOwned(body, binaryContentType, version);
        var ownedCost = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var copied = EngineIoPayloadCodec.Decode(body, binaryContentType, version);
        var copiedCost = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(owned, Is.EqualTo(copied));
            Assert.That(owned[0].Text, Is.EqualTo(text));
            Assert.That(ownedCost, Is.LessThan(64 * 1024), "no copy of the 1 MiB message");
            Assert.That(copiedCost, Is.GreaterThan(1024 * 1024), "Decode copies, the body being the caller's");
        });
    }

    [TestCase("", EngineIoVersion.V4)]
    [TestCase("4a\u001e\u001e4b", EngineIoVersion.V4)]
    [TestCase("9", EngineIoVersion.V4)]
    [TestCase("b!!", EngineIoVersion.V4)]
    [TestCase("", EngineIoVersion.V3)]
    [TestCase("6:4hel", EngineIoVersion.V3)]
    [TestCase("x:4", EngineIoVersion.V3)]
    [TestCase("2:9x", EngineIoVersion.V3)]
    [TestCase("99999999999999:4", EngineIoVersion.V3)]
    [TestCase("5:b4!!!", EngineIoVersion.V3)]
    public void Malformed_text_payloads_are_parse_errors(string body, EngineIoVersion version)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Multiple(() =>
        {
            Assert.Throws<EngineIoParseException>(() => EngineIoPayloadCodec.Decode(bytes, binaryContentType: false, version));
            Assert.Throws<EngineIoParseException>(() => EngineIoPayloadCodec.DecodeOwned(bytes, binaryContentType: false, version));
        });
    }

    [TestCase(new byte[] { 0x02, 0x01, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x00, 0x05, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x00, 0xff, 0x34 })]
    [TestCase(new byte[] { 0x01, 0x01, 0xff, 0x09 })]
    [TestCase(new byte[] { 0x00, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0xff })]
    [TestCase(new byte[0])]
    public void Malformed_revision_3_binary_payloads_are_parse_errors(byte[] body)
    {
        Assert.Throws<EngineIoParseException>(() => EngineIoPayloadCodec.Decode(body, binaryContentType: true, EngineIoVersion.V3));
    }

    [TestCase(EngineIoVersion.V4, false)]
    [TestCase(EngineIoVersion.V3, false)]
    [TestCase(EngineIoVersion.V3, true)]
    public void A_payload_of_more_than_MaxPacketsPerPayload_packets_is_a_parse_error(EngineIoVersion version, bool binary)
    {
        var packets = Enumerable.Repeat(new EngineIoPacket(EngineIoPacketType.Noop), EngineIoPayloadCodec.MaxPacketsPerPayload + 1).ToArray();
        var (body, contentType) = Encode(packets, version, preferBinary: binary);
        var (most, _) = Encode(packets[1..], version, preferBinary: binary);

        Assert.Multiple(() =>
        {
            Assert.That(EngineIoPayloadCodec.MaxPacketsPerPayload, Is.EqualTo(100_000));
            Assert.That(contentType == EngineIoPayloadCodec.BinaryContentType, Is.EqualTo(binary));
            var error = Assert.Throws<EngineIoParseException>(() => EngineIoPayloadCodec.Decode(body, binary, version));
            Assert.That(error!.Message, Does.Contain("100000"));
            Assert.That(EngineIoPayloadCodec.DecodeOwned(most, binary, version), Has.Count.EqualTo(EngineIoPayloadCodec.MaxPacketsPerPayload));
        });
    }
}
