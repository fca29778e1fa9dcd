using System.Text;
using Tusk.EngineIO.Protocol;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO.Tests.Protocol;

/// <summary>
/// Decoding a polling payload costs memory in proportion to it: a payload with an absurd number of packets is a parse
/// error before anything is decoded; a message is kept as the UTF-8 bytes it arrived in (a slice of the body when it
/// takes most of it), never as a second, UTF-16 copy. Allocations are counted on the decoding thread, which is exact.
/// </summary>
public class PayloadMemoryTests
{
    private const int Big = 8 * 1024 * 1024;

    [Test]
    public void A_revision_4_noop_flood_is_a_parse_error_before_any_packet_is_decoded()
    {
        var flood = Flood(PayloadFraming.MaxPacketsPerPayload + 1, (byte)'6', 0x1E);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<EngineIoParseException>(() => PayloadCodecV4.Decode(flood, flood));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(error!.Message, Does.Contain("packets"));
        Assert.That(allocated, Is.LessThan(64 * 1024), "nothing is decoded");
    }

    [Test]
    public void The_most_packets_a_payload_may_hold_still_decode()
    {
        var payload = Flood(PayloadFraming.MaxPacketsPerPayload, (byte)'6', 0x1E);

        Assert.That(PayloadCodecV4.Decode(payload, payload), Has.Count.EqualTo(PayloadFraming.MaxPacketsPerPayload));
    }

    [Test]
    public void A_revision_3_packet_flood_is_a_parse_error_text_and_binary()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1:6", PayloadFraming.MaxPacketsPerPayload + 1)));
        var binary = Flood(PayloadFraming.MaxPacketsPerPayload + 1, 0x00, 0x01, 0xFF, (byte)'6');

        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeText(text, text));
        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeBinary(binary, binary));
    }

    [Test]
    public void A_large_revision_4_message_keeps_its_slice_of_the_body()
    {
        var body = Message(Big);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var packets = PayloadCodecV4.Decode(body, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(64 * 1024), "no copy, no string");
        Assert.That(packets.Single().TryGetUtf8Text(out var utf8), Is.True);
        Assert.That(utf8.Length, Is.EqualTo(Big - 1));
        Assert.That(packets[0].Text, Has.Length.EqualTo(Big - 1));
    }

    [Test]
    public void Small_messages_of_a_large_body_are_copies_so_keeping_one_does_not_keep_the_body()
    {
        var body = Encoding.ASCII.GetBytes("4small\u001e" + "4" + new string('x', 1000) + "\u001e4" + new string('y', 1000));

        var packets = PayloadCodecV4.Decode(body, body);

        Assert.That(packets[0].TryGetUtf8Text(out var small), Is.True);
        Assert.That(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(small, out var segment) && segment.Array == body, Is.False);
        Assert.That(packets.Select(p => p.Text!.Length), Is.EqualTo(new[] { 5, 1000, 1000 }));
    }

    [Test]
    public void A_large_revision_3_text_message_is_decoded_from_UTF8_without_a_string_of_the_body()
    {
        var message = "4" + new string('é', Big / 4) + "😀" + new string('x', Big / 4);
        var body = Encoding.UTF8.GetBytes(message.Length + ":" + message);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var packets = PayloadCodecV3.DecodeText(body, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.LessThan(64 * 1024));
        Assert.That(packets.Single().Text, Is.EqualTo(message[1..]));
    }

    [TestCase("6:4héllo1:2", new[] { "héllo", null })]
    [TestCase("3:4😀1:6", new[] { "😀", null })]
    [TestCase("2:4\u00ff", new[] { "\u00ff" })]
    public void Revision_3_lengths_count_UTF16_units_while_walking_UTF8(string payload, string?[] texts)
    {
        var packets = PayloadCodecV3.DecodeText(Encoding.UTF8.GetBytes(payload), default);

        Assert.That(packets.Select(p => p.Type == EngineIoPacketType.Message ? p.Text : null), Is.EqualTo(texts));
    }

    [Test]
    public void Revision_3_invalid_UTF8_is_refused_before_lengths_are_counted()
    {
        // It used to count as replacement characters; a polling payload must be UTF-8, as a WebSocket text frame is.
        byte[] body = [.. "3:4"u8, 0xC3, (byte)'a'];

        Assert.Throws<EngineIoParseException>(() => PayloadCodecV3.DecodeText(body, default));
    }

    [TestCase("x")]
    [TestCase("é😀")]
    public void A_large_text_message_is_encoded_into_one_buffer_of_its_size(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, Big / 2 / unit.Length));
        var expected = Encoding.UTF8.GetByteCount(text) + 1;
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        PayloadCodecV4.Encode([EngineIoPacket.Message(text)], output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(output.WrittenCount, Is.EqualTo(expected));
        Assert.That(output.WrittenSpan[0], Is.EqualTo((byte)'4'));
        Assert.That(Encoding.UTF8.GetString(output.WrittenSpan[1..]), Is.EqualTo(text));
        Assert.That(allocated, Is.LessThan(expected + (64 * 1024)), "one buffer of the message's size, not a doubling one");
    }

    [Test]
    public void A_send_buffer_that_grew_for_a_large_message_is_let_go()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        buffer.GetSpan(Big);
        buffer.Advance(Big);
        var small = new System.Buffers.ArrayBufferWriter<byte>();
        var kept = small;

        SendBuffer.Trim(ref buffer);
        SendBuffer.Trim(ref small);

        Assert.That(buffer.Capacity, Is.LessThanOrEqualTo(SendBuffer.MaxRetainedCapacity));
        Assert.That(small, Is.SameAs(kept));
    }

    private static byte[] Message(int size)
    {
        var body = new byte[size];
        body.AsSpan().Fill((byte)'x');
        body[0] = (byte)'4';
        return body;
    }

    /// <summary><paramref name="count"/> copies of <paramref name="packet"/>; a trailing record separator is dropped from the last.</summary>
    private static byte[] Flood(int count, params byte[] packet)
    {
        var body = new byte[(packet.Length * count) - (packet[^1] == 0x1E ? 1 : 0)];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = packet[i % packet.Length];
        }

        return body;
    }
}
