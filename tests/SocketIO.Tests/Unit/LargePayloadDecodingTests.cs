using System.Text;
using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// A large event travels from the Engine.IO message to its arguments as UTF-8: the header is read from the bytes, the
/// payload is a slice of them, and a large string argument costs its JSON element (a copy of its bytes and an index of
/// the same size, which System.Text.Json allocates for a lone value), with no UTF-16 text and nothing rented from a pool.
/// Allocations are counted on the decoding thread, which is exact.
/// </summary>
public class LargePayloadDecodingTests
{
    private const int Size = 8 * 1024 * 1024;

    [Test]
    public void A_large_event_costs_about_one_copy_of_its_argument()
    {
        var utf8 = Encoding.UTF8.GetBytes("2/news,7[\"big\",\"" + new string('x', Size) + "\",{\"n\":1}]");
        var decoder = new SocketIoPacketDecoder();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var packet = decoder.Decode(EngineIoMessage.FromUtf8Text(utf8))!;
        var arguments = SocketIoJson.DecodeEvent(packet.PayloadUtf8, packet.Attachments, null, out var name);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(Size * 2.1), "the argument's element (copy and index), no UTF-16 text of the payload");
        Assert.That((packet.Type, packet.Namespace, packet.Id), Is.EqualTo((SocketIoPacketType.Event, "/news", (long?)7)));
        Assert.That(name, Is.EqualTo("big"));
        Assert.That(arguments.Values[0].GetString(), Has.Length.EqualTo(Size));
        Assert.That(arguments.Values[1].GetProperty("n").GetInt32(), Is.EqualTo(1));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Many_small_arguments_share_one_document_instead_of_a_document_each(bool isEvent)
    {
        // ["e",0,1,2,…]: a document per argument cost about 100 times the payload (about 10 GB for 100 MB).
        const int Count = 100_000;
        var text = (isEvent ? "[\"e\"," : "[") + string.Join(",", Enumerable.Range(0, Count).Select(i => i % 10)) + "]";
        var utf8 = Encoding.UTF8.GetBytes(text);
        _ = isEvent ? SocketIoJson.DecodeEvent(utf8, [], null, out _) : SocketIoJson.DecodeArguments(utf8, []); // code paths ready

        var before = GC.GetAllocatedBytesForCurrentThread();
        var arguments = isEvent ? SocketIoJson.DecodeEvent(utf8, [], null, out _) : SocketIoJson.DecodeArguments(utf8, []);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{allocated} bytes for {utf8.Length} bytes of payload ({allocated / Count} per argument)");
        Assert.That(allocated / Count, Is.LessThan(64), "bytes per argument: its element, its index row and its share of the copy");
        Assert.That(arguments.Count, Is.EqualTo(Count));
        Assert.That(arguments[Count - 1].GetInt32(), Is.EqualTo((Count - 1) % 10));
        Assert.That(arguments[0].GetInt32(), Is.EqualTo(0));
    }

    [TestCase(SocketIoJson.SharedDocumentArguments - 1)]
    [TestCase(SocketIoJson.SharedDocumentArguments)]
    [TestCase(SocketIoJson.SharedDocumentArguments + 1)]
    public void Events_around_the_shared_document_threshold_read_the_same(int count)
    {
        var values = Enumerable.Range(0, count).Select(i => $"{{\"n\":{i}}}").ToList();
        var utf8 = Encoding.UTF8.GetBytes("[\"e\"," + string.Join(",", values) + "]");

        var arguments = SocketIoJson.DecodeEvent(utf8, [], null, out var name);

        Assert.That(name, Is.EqualTo("e"));
        Assert.That(arguments.Values.Select(v => v.GetProperty("n").GetInt32()), Is.EqualTo(Enumerable.Range(0, count)));
        Assert.Throws<SocketIoProtocolException>(() => SocketIoJson.DecodeEvent(Encoding.UTF8.GetBytes("[\"e\"," + string.Join(",", values) + "] 1"), [], null, out _));
    }

    [Test]
    public void Small_events_decode_from_UTF8_to_the_same_packet_as_from_text()
    {
        const string Text = "451-/admin,12[\"file\",{\"_placeholder\":true,\"num\":0},\"é😀\"]";
        var fromText = SocketIoPacketDecoder.Parse(Text);
        var fromUtf8 = SocketIoPacketDecoder.ParseUtf8(Encoding.UTF8.GetBytes(Text));

        Assert.That((fromUtf8.Type, fromUtf8.Namespace, fromUtf8.Id, fromUtf8.AttachmentCount, fromUtf8.Payload),
            Is.EqualTo((fromText.Type, fromText.Namespace, fromText.Id, fromText.AttachmentCount, fromText.Payload)));
    }

    [TestCase("[\"a\"")]
    [TestCase("[\"a\"] [1]")]
    [TestCase("{\"not\":\"an array\"}")]
    public void A_large_malformed_payload_is_a_protocol_error(string shape)
    {
        var padding = new string(' ', 70 * 1024);
        var utf8 = Encoding.UTF8.GetBytes(shape.Insert(1, padding));

        Assert.Throws<SocketIoProtocolException>(() => SocketIoJson.DecodeEvent(utf8, [], null, out _));
    }

    [Test]
    public void A_large_ack_is_decoded_argument_by_argument()
    {
        var utf8 = Encoding.UTF8.GetBytes("[1,\"" + new string('y', 100_000) + "\",[true]]");

        var arguments = SocketIoJson.DecodeArguments(utf8, []);

        Assert.That(arguments.Values.Select(v => v.ValueKind), Is.EqualTo(new[] { System.Text.Json.JsonValueKind.Number, System.Text.Json.JsonValueKind.String, System.Text.Json.JsonValueKind.Array }));
    }
}
