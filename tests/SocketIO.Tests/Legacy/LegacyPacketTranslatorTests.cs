using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Tests.Legacy;

[TestFixture]
public sealed class LegacyPacketTranslatorTests
{
    private static string Outgoing(SocketIoPacket packet) => LegacyPacketCodec.Encode(LegacyPacketTranslator.FromSocketIo(packet)!);

    private static SocketIoPacket Incoming(string text) => LegacyPacketTranslator.ToSocketIo(LegacyPacketCodec.Decode(text))!;

    [Test]
    public void EventsBecomeNameAndArgsObjects()
    {
        Assert.That(
            Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Event, Namespace = "/chat", Id = 1, Payload = "[\"hello\",\"Jude\",{\"n\":1}]" }),
            Is.EqualTo("5:1+:/chat:{\"name\":\"hello\",\"args\":[\"Jude\",{\"n\":1}]}"));
        Assert.That(
            Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Event, Payload = "[\"ping\"]" }),
            Is.EqualTo("5:::{\"name\":\"ping\"}"));
    }

    [Test]
    public void AcksCarryTheirArgumentsAfterPlus()
    {
        Assert.That(Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Ack, Id = 4, Payload = "[\"A\",\"B\"]" }), Is.EqualTo("6:::4+[\"A\",\"B\"]"));
        Assert.That(Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Ack, Namespace = "/a", Id = 4, Payload = "[]" }), Is.EqualTo("6::/a:4"));
    }

    [Test]
    public void ConnectIsOnlySentForCustomNamespacesAndWithoutItsQuery()
    {
        Assert.That(LegacyPacketTranslator.FromSocketIo(new SocketIoPacket { Type = SocketIoPacketType.Connect }), Is.Null);
        Assert.That(Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = "/chat", Query = "x=1" }), Is.EqualTo("1::/chat"));
    }

    [Test]
    public void DisconnectOfTheDefaultNamespaceIsTheWholeClientOne()
    {
        Assert.That(Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Disconnect }), Is.EqualTo("0::"));
        Assert.That(Outgoing(new SocketIoPacket { Type = SocketIoPacketType.Disconnect, Namespace = "/chat" }), Is.EqualTo("0::/chat"));
    }

    [Test]
    public void BinaryAttachmentsAreNotSupportedAndTheErrorNamesTheServerVersion()
    {
        var packet = new SocketIoPacket
        {
            Type = SocketIoPacketType.Event,
            Payload = "[\"file\",{\"_placeholder\":true,\"num\":0}]",
            Attachments = [new byte[] { 1, 2 }],
            AttachmentCount = 1,
        };

        Assert.That(() => LegacyPacketTranslator.FromSocketIo(packet), Throws.TypeOf<NotSupportedException>().With.Message.Contains("socket.io 0.9"));
    }

    [Test]
    public void ReceivedEventsBecomeArraysWithTheirId()
    {
        var packet = Incoming("5:3+:/chat:{\"name\":\"q\",\"args\":[1,\"é\",{\"a\":[true]}]}");

        Assert.That(packet.Type, Is.EqualTo(SocketIoPacketType.Event));
        Assert.That(packet.Namespace, Is.EqualTo("/chat"));
        Assert.That(packet.Id, Is.EqualTo(3));
        Assert.That(packet.Payload, Is.EqualTo("[\"q\",1,\"é\",{\"a\":[true]}]"));
        Assert.That(Incoming("5:::{\"name\":\"hello\"}").Payload, Is.EqualTo("[\"hello\"]"));
    }

    [Test]
    public void SimpleAckRequestsReachTheClientWithoutAnId()
    {
        var request = LegacyPacketCodec.Decode("5:9::{\"name\":\"q\"}");

        Assert.That(LegacyPacketTranslator.ToSocketIo(request)!.Id, Is.Null);
        Assert.That(LegacyPacketCodec.Encode(LegacyPacketTranslator.SimpleAck(request)), Is.EqualTo("6:::9"));
    }

    [Test]
    public void PlainAndJsonMessagesBecomeMessageEvents()
    {
        Assert.That(Incoming("3:::hello: \"world\"").Payload, Is.EqualTo("[\"message\",\"hello: \\u0022world\\u0022\"]"));
        Assert.That(Incoming("4:2+:/a:{\"a\":1}").Payload, Is.EqualTo("[\"message\",{\"a\":1}]"));
        Assert.That(Incoming("4:2+:/a:{\"a\":1}").Id, Is.EqualTo(2));
    }

    [Test]
    public void ReceivedAcksKeepTheirData()
    {
        var withData = Incoming("6::/chat:1+[\"hi\"]");
        var simple = Incoming("6:::7");

        Assert.That((withData.Type, withData.Namespace, withData.Id, withData.Payload), Is.EqualTo((SocketIoPacketType.Ack, "/chat", 1L, "[\"hi\"]")));
        Assert.That((simple.Id, simple.Payload), Is.EqualTo((7L, (string?)null)));
    }

    [Test]
    public void NodeBuffersBecomeAttachments()
    {
        var packet = Incoming("5:::{\"name\":\"b\",\"args\":[{\"type\":\"Buffer\",\"data\":[1,2]},{\"x\":{\"type\":\"Buffer\",\"data\":[]}},{\"type\":\"Buffer\",\"data\":[300]}]}");

        Assert.That(packet.Payload, Is.EqualTo("[\"b\",{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}},{\"type\":\"Buffer\",\"data\":[300]}]"));
        Assert.That(packet.Attachments.Select(a => a.ToArray()), Is.EqualTo(new[] { new byte[] { 1, 2 }, Array.Empty<byte>() }));
        Assert.That(packet.AttachmentCount, Is.EqualTo(2));
    }

    [Test]
    public void AnErrorOnAnEndpointRefusesThatNamespace()
    {
        var packet = Incoming("7::/private:2");

        Assert.That(packet.Type, Is.EqualTo(SocketIoPacketType.ConnectError));
        Assert.That(packet.Payload, Is.EqualTo("\"unauthorized\""));
    }

    [Test]
    public void ControlPacketsHaveNoCounterpart()
    {
        Assert.That(LegacyPacketTranslator.ToSocketIo(LegacyPacketCodec.Decode("2::")), Is.Null);
        Assert.That(LegacyPacketTranslator.ToSocketIo(LegacyPacketCodec.Decode("8::")), Is.Null);
        Assert.That(LegacyPacketTranslator.ToSocketIo(LegacyPacketCodec.Decode("7:::1+0")), Is.Null);
    }

    [TestCase("5:::not json")]
    [TestCase("5:::{\"args\":[1]}")]
    [TestCase("5:::{\"name\":\"x\",\"args\":3}")]
    [TestCase("4:::{")]
    [TestCase("6:::x+[1]")]
    [TestCase("6:::1+{\"a\":1}")]
    public void MalformedDataIsAProtocolError(string text) =>
        Assert.That(() => Incoming(text), Throws.TypeOf<SocketIoProtocolException>());

    [Test]
    public void ErrorDataNamesReasonAndAdvice()
    {
        Assert.That(LegacyError.Parse("1+0").ToString(), Is.EqualTo("client not handshaken (advice: reconnect)"));
        Assert.That(LegacyError.Parse("1+0").AdvisesReconnect, Is.True);
        Assert.That(LegacyError.Parse("2").ToString(), Is.EqualTo("unauthorized"));
        Assert.That(LegacyError.Parse("9").Reason, Is.EqualTo("error"));
    }
}
