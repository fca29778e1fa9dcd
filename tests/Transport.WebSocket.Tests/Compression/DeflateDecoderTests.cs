using System.Buffers;
using System.IO.Compression;
using System.Text;
using Tusk.Testing;
using Tusk.Transport.WebSocket.Compression;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Tests.Compression;

/// <summary>The managed DEFLATE decoder behind permessage-deflate: final blocks inside a takeover context
/// (RFC 7692 §7.2.2, §7.2.3.4), resumption at any split point, and data that must not decode.</summary>
[Parallelizable(ParallelScope.All)]
public class DeflateDecoderTests
{
    private static readonly byte[] s_finalBlockHello = [0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00];
    private static readonly byte[] s_hello = [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
    private static readonly byte[] s_helloByReference = [0xf2, 0x00, 0x11, 0x00, 0x00];

    [Test]
    public void A_final_block_does_not_end_a_takeover_context()
    {
        // RFC 7692 §7.2.3.4 twice, then a message that only refers back to the window (§7.2.3.2).
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.Multiple(() =>
        {
            Assert.That(InflateText(inflater, s_finalBlockHello), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, s_hello), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, s_helloByReference), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, s_finalBlockHello), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, s_helloByReference), Is.EqualTo("Hello"));
        });
    }

    [Test]
    public void A_final_block_without_the_trailing_empty_block_header_still_ends_the_message()
    {
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.Multiple(() =>
        {
            Assert.That(InflateText(inflater, s_finalBlockHello[..^1]), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, s_helloByReference), Is.EqualTo("Hello"));
        });
    }

    [Test]
    public void Blocks_after_a_final_block_in_the_same_message_are_decoded()
    {
        // "Hel" in a final block, then a new block with "lo" at the next byte boundary, then the sync-flush tail.
        byte[] message = [.. FinishedStream("Hel"u8), 0x00, 0x02, 0x00, 0xfd, 0xff, (byte)'l', (byte)'o', 0x00];
        var inflater = new MessageInflater(resetPerMessage: true);
        Assert.That(InflateText(inflater, message), Is.EqualTo("Hello"));
    }

    [Test]
    public void Matches_reach_back_across_a_finished_stream_into_earlier_messages()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog ", 40)));
        var inflater = new MessageInflater(resetPerMessage: false);
        var first = InflateBytes(inflater, [.. FinishedStream(text), 0x00]);

        // The same text again: a sender keeping its window compresses it to a few back-references.
        var second = CompressWithPrimedWindow(text, text);
        Assert.Multiple(() =>
        {
            Assert.That(Bytes.FirstDifference(first, text), Is.Null);
            Assert.That(second, Has.Length.LessThan(text.Length / 10));
            Assert.That(Bytes.FirstDifference(InflateBytes(inflater, second), text), Is.Null);
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Decodes_any_stream_split_at_every_point(bool withFinalBlocks)
    {
        var random = new Random(11);
        var messages = Enumerable.Range(0, 6).Select(i => RandomText(random, 50 + (i * 97))).ToArray();
        var compressed = CompressMessages(messages, withFinalBlocks);
        for (var split = 0; split <= compressed[3].Length; split++)
        {
            var inflater = new MessageInflater(resetPerMessage: false);
            for (var m = 0; m < messages.Length; m++)
            {
                var parts = m == 3 ? new[] { compressed[m][..split], compressed[m][split..] } : new[] { compressed[m] };
                Assert.That(Bytes.FirstDifference(InflateFrames(inflater, parts), messages[m]), Is.Null, $"message {m}, split {split}");
            }
        }
    }

    [Test]
    public void Decodes_what_zlib_produces_at_every_level_and_size()
    {
        var random = new Random(3);
        foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            foreach (var size in new[] { 0, 1, 300, 70_000, 1_000_000 })
            {
                var payload = RandomText(random, size);
                var inflater = new MessageInflater(resetPerMessage: false);
                var output = InflateBytes(inflater, SyncFlushed(payload, level));
                Assert.That(output.AsSpan().SequenceEqual(payload), Is.True, $"{level}, {size} bytes");
            }
        }
    }

    [Test]
    public void Output_grows_a_byte_at_a_time_without_losing_a_match_in_progress()
    {
        var payload = Encoding.ASCII.GetBytes(new string('a', 1000) + "xyz" + new string('b', 3000));
        var compressed = SyncFlushed(payload, CompressionLevel.Optimal);
        var decoder = new DeflateDecoder();
        var output = new byte[payload.Length];
        var written = 0;
        var input = (ReadOnlySpan<byte>)[.. compressed, 0x00, 0x00, 0xff, 0xff];
        for (var room = 1; ; room++)
        {
            var status = decoder.Decode(input, output.AsSpan(0, Math.Min(room, output.Length)), ref written, out var consumed);
            input = input[consumed..];
            if (status == OperationStatus.NeedMoreData)
            {
                break;
            }

            Assert.That(status, Is.EqualTo(OperationStatus.DestinationTooSmall));
        }

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(payload.Length));
            Assert.That(Bytes.FirstDifference(output, payload), Is.Null);
            Assert.That(decoder.IsComplete, Is.True);
        });
    }

    [Test]
    public void A_message_that_ends_inside_a_stored_block_is_refused()
    {
        // A stored block announcing 10 bytes with only 5 sent: inflating it would deliver a shorter message.
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.That(() => InflateBytes(inflater, [0x00, 0x0a, 0x00, 0xf5, 0xff, .. "Hello"u8]), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void A_message_that_ends_inside_a_compressed_block_is_refused()
    {
        var payload = RandomText(new Random(8), 5000);
        var compressed = SyncFlushed(payload, CompressionLevel.Optimal);
        var inflater = new MessageInflater(resetPerMessage: true);
        Assert.That(() => InflateBytes(inflater, compressed[..(compressed.Length / 2)]), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void A_reference_before_the_start_of_the_window_is_refused()
    {
        // §7.2.3.2's second message refers back 5 bytes; with no window behind it there is nothing to copy.
        var inflater = new MessageInflater(resetPerMessage: true);
        Assert.That(() => InflateBytes(inflater, s_helloByReference), Throws.InstanceOf<InvalidDataException>());
    }

    [TestCase(new byte[] { 0x06 }, TestName = "Block type 3 is refused")]
    [TestCase(new byte[] { 0x00, 0x05, 0x00, 0x00, 0x00 }, TestName = "A stored length that does not match its complement is refused")]
    [TestCase(new byte[] { 0x05, 0x00, 0x92, 0x00 }, TestName = "An over-subscribed code-length code is refused")]
    [TestCase(new byte[] { 0x03, 0x3e }, TestName = "A fixed-code distance symbol of 30 is refused")]
    public void Invalid_deflate_is_refused(byte[] data)
    {
        var inflater = new MessageInflater(resetPerMessage: true);
        Assert.That(() => InflateBytes(inflater, data), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void A_zero_length_compressed_message_is_empty()
    {
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.That(InflateBytes(inflater, []), Is.Empty);
    }

    private static byte[] FinishedStream(ReadOnlySpan<byte> data)
    {
        var sink = new MemoryStream();
        using (var deflate = new DeflateStream(sink, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return sink.ToArray();
    }

    private static byte[] SyncFlushed(ReadOnlySpan<byte> data, CompressionLevel level)
    {
        var sink = new MemoryStream();
        var deflate = new DeflateStream(sink, level, leaveOpen: true);
        deflate.Write(data);
        deflate.Flush();
        var bytes = sink.ToArray();
        return bytes.Length >= 4 ? bytes[..^4] : [0x00];
    }

    /// <summary>Compresses <paramref name="data"/> as the continuation of a stream that already carried
    /// <paramref name="window"/>, ended with a sync flush minus its tail.</summary>
    private static byte[] CompressWithPrimedWindow(byte[] window, byte[] data)
    {
        var sink = new MemoryStream();
        var deflate = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        deflate.Write(window);
        deflate.Flush();
        var start = sink.Length;
        deflate.Write(data);
        deflate.Flush();
        return sink.ToArray()[(int)start..^4];
    }

    /// <summary>One sender with context takeover; with <paramref name="withFinalBlocks"/>, every other message
    /// ends its data with a final block (stored, so the window carries on) followed by the empty-block header.</summary>
    private static byte[][] CompressMessages(byte[][] messages, bool withFinalBlocks)
    {
        var sink = new MemoryStream();
        var deflate = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        var result = new byte[messages.Length][];
        for (var i = 0; i < messages.Length; i++)
        {
            var start = sink.Length;
            deflate.Write(messages[i]);
            deflate.Flush();
            var bytes = sink.ToArray()[(int)start..^4];
            if (withFinalBlocks && i % 2 == 1)
            {
                // The sync flush's empty block completed, a final empty block after it, then the next block's header:
                // the window carries on into the next message.
                bytes = [.. bytes, 0x00, 0x00, 0xff, 0xff, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00];
            }

            result[i] = bytes;
        }

        return result;
    }

    private static byte[] RandomText(Random random, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = random.Next(5) == 0 ? (byte)random.Next(256) : (byte)"abcdefgh "[random.Next(9)];
        }

        return bytes;
    }

    private static string InflateText(MessageInflater inflater, byte[] compressed) => Encoding.UTF8.GetString(InflateBytes(inflater, compressed));

    private static byte[] InflateBytes(MessageInflater inflater, byte[] compressed) => InflateFrames(inflater, [compressed]);

    private static byte[] InflateFrames(MessageInflater inflater, byte[][] frames)
    {
        inflater.BeginMessage();
        byte[]? output = null;
        var length = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            if (!inflater.InflateFrame(frames[i], lastFrame: i == frames.Length - 1, long.MaxValue, ref output, ref length))
            {
                throw new AssertionException("over the limit");
            }
        }

        var result = output.AsSpan(0, length).ToArray();
        BufferPool.Return(output!);
        return result;
    }
}
