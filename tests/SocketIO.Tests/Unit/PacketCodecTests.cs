using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Tests.Unit;

public class PacketCodecTests
{
    private static readonly ReadOnlyMemory<byte>[] OneAttachment = [new byte[] { 1, 2, 3 }];

    [TestCase(0, "/", null, null, "0")]
    [TestCase(0, "/", null, "{\"token\":\"123\"}", "0{\"token\":\"123\"}")]
    [TestCase(0, "/admin", null, "{\"token\":\"123\"}", "0/admin,{\"token\":\"123\"}")]
    [TestCase(1, "/admin", null, null, "1/admin,")]
    [TestCase(2, "/", 12L, "[\"foo\"]", "212[\"foo\"]")]
    [TestCase(2, "/", 0L, "[\"foo\"]", "20[\"foo\"]")]
    [TestCase(3, "/admin", 13L, "[\"bar\"]", "3/admin,13[\"bar\"]")]
    public void Encode_WritesTheSpecExamples(int type, string nsp, long? id, string? payload, string expected)
    {
        var packet = new SocketIoPacket { Type = (SocketIoPacketType)type, Namespace = nsp, Id = id, Payload = payload };

        Assert.That(SocketIoPacketEncoder.Encode(packet, SocketIoProtocol.V5), Is.EqualTo(expected));
    }

    [Test]
    public void Encode_EventWithAttachments_BecomesBinaryEventWithCount()
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Event, Namespace = "/admin", Payload = "[\"baz\",{\"_placeholder\":true,\"num\":0}]", Attachments = OneAttachment };

        Assert.That(SocketIoPacketEncoder.Encode(packet, SocketIoProtocol.V5), Is.EqualTo("51-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0}]"));
    }

    [TestCase(SocketIoProtocol.V5, "61-15[{\"_placeholder\":true,\"num\":0}]")]
    [TestCase(SocketIoProtocol.V4, "61-15[{\"_placeholder\":true,\"num\":0}]")]
    [TestCase(SocketIoProtocol.V3, "31-15[{\"_placeholder\":true,\"num\":0}]")]
    public void Encode_AckWithAttachments_DependsOnProtocol(SocketIoProtocol protocol, string expected)
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Ack, Id = 15, Payload = "[{\"_placeholder\":true,\"num\":0}]", Attachments = OneAttachment };

        Assert.That(SocketIoPacketEncoder.Encode(packet, protocol), Is.EqualTo(expected));
    }

    [Test]
    public void Encode_V3AckWithoutBinary_StillCarriesACount()
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Ack, Id = 1, Payload = "[\"x\"]" };

        Assert.That(SocketIoPacketEncoder.Encode(packet, SocketIoProtocol.V3), Is.EqualTo("30-1[\"x\"]"));
    }

    [Test]
    public void Encode_V4ConnectWithQuery_PutsTheQueryInTheNamespace()
    {
        var packet = new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = "/admin", Query = "token=abc&x=1" };

        Assert.That(SocketIoPacketEncoder.Encode(packet, SocketIoProtocol.V4), Is.EqualTo("0/admin?token=abc&x=1,"));
    }

    [Test]
    public void Parse_ReadsNamespaceIdAndPayload()
    {
        var packet = SocketIoPacketDecoder.Parse("3/admin,13[\"bar\"]");

        Assert.Multiple(() =>
        {
            Assert.That(packet.Type, Is.EqualTo(SocketIoPacketType.Ack));
            Assert.That(packet.Namespace, Is.EqualTo("/admin"));
            Assert.That(packet.Id, Is.EqualTo(13));
            Assert.That(packet.Payload, Is.EqualTo("[\"bar\"]"));
            Assert.That(packet.AttachmentCount, Is.Zero);
        });
    }

    [TestCase("0/admin", "/admin", null)]
    [TestCase("0/admin,", "/admin", null)]
    [TestCase("0/admin,{\"sid\":\"x\"}", "/admin", "{\"sid\":\"x\"}")]
    [TestCase("1", "/", null)]
    [TestCase("4\"Invalid namespace\"", "/", "\"Invalid namespace\"")]
    public void Parse_AcceptsNamespaceWithAndWithoutComma(string text, string nsp, string? payload)
    {
        var packet = SocketIoPacketDecoder.Parse(text);

        Assert.That((packet.Namespace, packet.Payload), Is.EqualTo((nsp, payload)));
    }

    [Test]
    public void Parse_AckIdZeroIsPresent()
    {
        Assert.That(SocketIoPacketDecoder.Parse("20[\"foo\"]").Id, Is.EqualTo(0));
    }

    [Test]
    public void Parse_V3AckWithCount_ReadsCountAndId()
    {
        var packet = SocketIoPacketDecoder.Parse("31-1[{\"_placeholder\":true,\"num\":0}]");

        Assert.That((packet.AttachmentCount, packet.Id), Is.EqualTo((1, 1L)));
    }

    [TestCase("")]
    [TestCase("7")]
    [TestCase("x")]
    [TestCase("5[\"a\"]")]
    [TestCase("5a-[\"a\"]")]
    public void Parse_RejectsInvalidPackets(string text)
    {
        Assert.Throws<SocketIoProtocolException>(() => SocketIoPacketDecoder.Parse(text));
    }

    [Test]
    public void Parse_RejectsTooManyAttachments()
    {
        Assert.Throws<SocketIoProtocolException>(() => SocketIoPacketDecoder.Parse("511-[\"a\"]", maxAttachments: 10));
    }

    [Test]
    public void Decoder_CollectsAnnouncedAttachmentsThenYieldsThePacket()
    {
        var decoder = new SocketIoPacketDecoder();

        Assert.That(decoder.DecodeText("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"), Is.Null);
        Assert.That(decoder.DecodeBinary(new byte[] { 1 }), Is.Null);
        var packet = decoder.DecodeBinary(new byte[] { 2, 3 });

        Assert.That(packet, Is.Not.Null);
        Assert.That(packet!.Attachments.Select(a => a.ToArray()), Is.EqualTo(new[] { new byte[] { 1 }, new byte[] { 2, 3 } }));
        Assert.That(decoder.IsReconstructing, Is.False);
    }

    [Test]
    public void Decoder_RefusesAttachmentsThatAddUpPastTheSizeLimit()
    {
        const string Header = "52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
        var decoder = new SocketIoPacketDecoder(maxAttachments: 10, maxPacketBytes: Header.Length + 100);

        Assert.That(decoder.DecodeText(Header), Is.Null);
        Assert.That(decoder.DecodeBinary(new byte[60]), Is.Null);
        var error = Assert.Throws<SocketIoProtocolException>(() => decoder.DecodeBinary(new byte[60]));

        Assert.That(error!.Message, Does.Contain("MaxReceiveSize"));
        Assert.That(decoder.IsReconstructing, Is.False, "the half-received packet is dropped, not kept");
    }

    [Test]
    public void Decoder_RejectsTextWhileReconstructingAndBinaryWhenIdle()
    {
        var decoder = new SocketIoPacketDecoder();
        Assert.Throws<SocketIoProtocolException>(() => decoder.DecodeBinary(new byte[] { 1 }));

        decoder.DecodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        Assert.Throws<SocketIoProtocolException>(() => decoder.DecodeText("2[\"b\"]"));
    }

    [Test]
    public void Decoder_Reset_DropsAHalfReceivedPacket()
    {
        var decoder = new SocketIoPacketDecoder();
        decoder.DecodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");

        decoder.Reset();

        Assert.That(decoder.DecodeText("2[\"b\"]")?.Payload, Is.EqualTo("[\"b\"]"));
    }
}
