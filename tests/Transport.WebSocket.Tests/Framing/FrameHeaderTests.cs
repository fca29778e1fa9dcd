using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Tests.Framing;

[Parallelizable(ParallelScope.All)]
public class FrameHeaderTests
{
    private static readonly byte[] s_hello = "Hello"u8.ToArray();
    private static readonly int s_rfcMaskKey = BitConverter.ToInt32([0x37, 0xfa, 0x21, 0x3d]);

    [Test]
    public void Decodes_rfc6455_unmasked_text_frame()
    {
        byte[] wire = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];
        Assert.That(FrameHeader.TryRead(wire, out var header, out var headerLength), Is.EqualTo(FrameDecodeStatus.Complete));
        Assert.Multiple(() =>
        {
            Assert.That(header.Fin, Is.True);
            Assert.That(header.Opcode, Is.EqualTo((byte)WebSocketOpcode.Text));
            Assert.That(header.Masked, Is.False);
            Assert.That(header.PayloadLength, Is.EqualTo(5));
            Assert.That(headerLength, Is.EqualTo(2));
            Assert.That(wire[headerLength..], Is.EqualTo(s_hello));
        });
    }

    [Test]
    public void Encodes_rfc6455_masked_text_frame()
    {
        byte[] expected = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
        var buffer = new byte[expected.Length];
        var headerLength = FrameHeader.Write(buffer, WebSocketOpcode.Text, fin: true, rsv1: false, 5, s_rfcMaskKey);
        FrameMasker.Mask(s_hello, buffer.AsSpan(headerLength), s_rfcMaskKey);
        Assert.That(buffer, Is.EqualTo(expected));
    }

    [Test]
    public void Decodes_rfc6455_masked_text_frame_and_unmasks_it()
    {
        byte[] wire = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
        Assert.That(FrameHeader.TryRead(wire, out var header, out var headerLength), Is.EqualTo(FrameDecodeStatus.Complete));
        var payload = wire[headerLength..];
        FrameMasker.MaskInPlace(payload, header.MaskKey);
        Assert.Multiple(() =>
        {
            Assert.That(header.Masked, Is.True);
            Assert.That(headerLength, Is.EqualTo(6));
            Assert.That(payload, Is.EqualTo(s_hello));
        });
    }

    [Test]
    public void Decodes_rfc6455_fragmented_text_frames()
    {
        byte[] first = [0x01, 0x03, 0x48, 0x65, 0x6c];
        byte[] second = [0x80, 0x02, 0x6c, 0x6f];
        FrameHeader.TryRead(first, out var h1, out _);
        FrameHeader.TryRead(second, out var h2, out _);
        Assert.Multiple(() =>
        {
            Assert.That((h1.Fin, h1.Opcode, h1.PayloadLength), Is.EqualTo((false, (byte)1, 3L)));
            Assert.That((h2.Fin, h2.Opcode, h2.PayloadLength), Is.EqualTo((true, (byte)0, 2L)));
        });
    }

    [TestCase(new byte[] { 0x89, 0x05 }, (byte)0x9, false)]
    [TestCase(new byte[] { 0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d }, (byte)0xA, true)]
    public void Decodes_rfc6455_ping_and_pong_headers(byte[] wire, byte opcode, bool masked)
    {
        Assert.That(FrameHeader.TryRead(wire, out var header, out _), Is.EqualTo(FrameDecodeStatus.Complete));
        Assert.Multiple(() =>
        {
            Assert.That(header.Opcode, Is.EqualTo(opcode));
            Assert.That(header.IsControl, Is.True);
            Assert.That(header.Masked, Is.EqualTo(masked));
            Assert.That(header.PayloadLength, Is.EqualTo(5));
        });
    }

    [Test]
    public void Encodes_rfc6455_256_byte_binary_with_16_bit_length()
    {
        var buffer = new byte[4];
        var length = FrameHeader.Write(buffer, WebSocketOpcode.Binary, true, false, 256, null);
        Assert.That(buffer[..length], Is.EqualTo(new byte[] { 0x82, 0x7E, 0x01, 0x00 }));
    }

    [Test]
    public void Encodes_rfc6455_64_KiB_binary_with_64_bit_length()
    {
        var buffer = new byte[10];
        var length = FrameHeader.Write(buffer, WebSocketOpcode.Binary, true, false, 65536, null);
        Assert.That(buffer[..length], Is.EqualTo(new byte[] { 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0 }));
    }

    [TestCase(0L, 2)]
    [TestCase(125L, 2)]
    [TestCase(126L, 4)]
    [TestCase(65535L, 4)]
    [TestCase(65536L, 10)]
    [TestCase(long.MaxValue, 10)]
    public void Round_trips_every_length_encoding(long payloadLength, int unmaskedHeaderLength)
    {
        var buffer = new byte[FrameHeader.MaxLength];
        var written = FrameHeader.Write(buffer, WebSocketOpcode.Binary, false, true, payloadLength, 0x12345678);
        Assert.That(FrameHeader.TryRead(buffer.AsSpan(0, written), out var header, out var read), Is.EqualTo(FrameDecodeStatus.Complete));
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(unmaskedHeaderLength + 4));
            Assert.That(FrameHeader.GetEncodedLength(payloadLength, masked: true), Is.EqualTo(written));
            Assert.That(read, Is.EqualTo(written));
            Assert.That(header.PayloadLength, Is.EqualTo(payloadLength));
            Assert.That(header.MaskKey, Is.EqualTo(0x12345678));
            Assert.That((header.Fin, header.Rsv1, header.Rsv2, header.Rsv3), Is.EqualTo((false, true, false, false)));
        });
    }

    [TestCase(new byte[] { 0x81, 0x7E, 0x01 })]
    [TestCase(new byte[] { 0x81, 0x7F, 0, 0, 0, 0, 0, 1, 0 })]
    [TestCase(new byte[] { 0x81, 0x85, 0x37, 0xfa, 0x21 })]
    [TestCase(new byte[] { 0x81 })]
    public void Reports_an_incomplete_header(byte[] wire) =>
        Assert.That(FrameHeader.TryRead(wire, out _, out _), Is.EqualTo(FrameDecodeStatus.NeedMoreData));

    [Test]
    public void Rejects_a_64_bit_length_with_the_top_bit_set()
    {
        byte[] wire = [0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1];
        Assert.That(FrameHeader.TryRead(wire, out _, out _), Is.EqualTo(FrameDecodeStatus.Invalid));
    }

    [Test]
    public void Reads_reserved_bits_and_raw_opcode()
    {
        byte[] wire = [0x7B, 0x00];
        FrameHeader.TryRead(wire, out var header, out _);
        Assert.That((header.Fin, header.Rsv1, header.Rsv2, header.Rsv3, header.Opcode), Is.EqualTo((false, true, true, true, (byte)0xB)));
    }
}
