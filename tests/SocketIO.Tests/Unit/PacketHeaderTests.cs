using System.Text;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// One header reader serves text given as UTF-16 and as UTF-8: both give the same packet, or the same error, for
/// well-formed and malformed headers alike (the limits of the attachment count and the ack id included).
/// </summary>
public class PacketHeaderTests
{
    [TestCase("0")]
    [TestCase("2[\"hi\"]")]
    [TestCase("2/admin,[\"hi\"]")]
    [TestCase("2/admin,17[\"hi\"]")]
    [TestCase("2/admin")]
    [TestCase("2/é😀,5[\"é\"]")]
    [TestCase("3007[]")]
    [TestCase("31-/x,4[{\"_placeholder\":true,\"num\":0}]")]
    [TestCase("52-[\"f\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")]
    [TestCase("39223372036854775807[]")]
    public void A_valid_header_reads_the_same_from_both_encodings(string text)
    {
        var fromText = SocketIoPacketDecoder.Parse(text, maxAttachments: int.MaxValue);
        var fromUtf8 = SocketIoPacketDecoder.ParseUtf8(Encoding.UTF8.GetBytes(text), maxAttachments: int.MaxValue);

        // A packet without a payload reads it as empty from UTF-8 and as null from text: both mean none.
        Assert.That(
            (fromUtf8.Type, fromUtf8.Namespace, fromUtf8.Id, fromUtf8.AttachmentCount, fromUtf8.Payload ?? string.Empty),
            Is.EqualTo((fromText.Type, fromText.Namespace, fromText.Id, fromText.AttachmentCount, fromText.Payload ?? string.Empty)));
    }

    [TestCase("", "Unknown Socket.IO packet type in ''.")]
    [TestCase("7[]", "Unknown Socket.IO packet type in '7[]'.")]
    [TestCase("x", "Unknown Socket.IO packet type in 'x'.")]
    [TestCase("5[\"a\"]", "Illegal attachments in '5[\"a\"]'.")]
    [TestCase("5-[\"a\"]", "Illegal attachments in '5-[\"a\"]'.")]
    [TestCase("52147483648-[]", "Illegal attachment count.")]
    [TestCase("511-[]", "Too many attachments: 11 (at most 10).")]
    [TestCase("39223372036854775808[]", "Illegal ack id.")]
    [TestCase("2/admin,99999999999999999999[]", "Illegal ack id.")]
    public void A_malformed_header_fails_the_same_way_from_both_encodings(string text, string message)
    {
        var fromText = Assert.Throws<SocketIoProtocolException>(() => SocketIoPacketDecoder.Parse(text));
        var fromUtf8 = Assert.Throws<SocketIoProtocolException>(() => SocketIoPacketDecoder.ParseUtf8(Encoding.UTF8.GetBytes(text)));

        Assert.That(fromText!.Message, Is.EqualTo(message));
        Assert.That(fromUtf8!.Message, Is.EqualTo(message));
    }

    [Test]
    public void The_largest_attachment_count_is_read_whole()
    {
        var packet = SocketIoPacketDecoder.Parse("52147483647-[]", maxAttachments: int.MaxValue);

        Assert.That(packet.AttachmentCount, Is.EqualTo(int.MaxValue));
    }
}
