using System.Text;
using Tusk.Transport.WebSocket.Compression;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Tests.Compression;

/// <summary>The permessage-deflate codec against the RFC 7692 §7.2.3 examples.</summary>
[Parallelizable(ParallelScope.All)]
public class PerMessageDeflateTests
{
    [Test]
    public void Inflates_the_rfc7692_hello_and_its_context_takeover_successor()
    {
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.Multiple(() =>
        {
            Assert.That(InflateText(inflater, [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, [0xf2, 0x00, 0x11, 0x00, 0x00]), Is.EqualTo("Hello"));
        });
    }

    [Test]
    public void Inflates_the_rfc7692_stored_block_and_empty_message()
    {
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.Multiple(() =>
        {
            Assert.That(InflateText(inflater, [0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00]), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, [0x00]), Is.EqualTo(string.Empty));
        });
    }

    [Test]
    public void Inflates_the_rfc7692_final_block_when_each_message_starts_fresh()
    {
        var inflater = new MessageInflater(resetPerMessage: true);
        byte[] finalBlock = [0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00];
        Assert.Multiple(() =>
        {
            Assert.That(InflateText(inflater, finalBlock), Is.EqualTo("Hello"));
            Assert.That(InflateText(inflater, finalBlock), Is.EqualTo("Hello"));
        });
    }

    [Test]
    public void Deflates_hello_to_the_rfc7692_bytes_with_context_takeover()
    {
        using var deflater = new MessageDeflater(noContextTakeover: false);
        var first = deflater.Compress("Hello"u8).ToArray();
        var second = deflater.Compress("Hello"u8).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new byte[] { 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00 }));
            Assert.That(second, Is.EqualTo(new byte[] { 0xf2, 0x00, 0x11, 0x00, 0x00 }));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Round_trips_a_sequence_of_messages(bool noContextTakeover)
    {
        using var deflater = new MessageDeflater(noContextTakeover);
        var inflater = new MessageInflater(resetPerMessage: noContextTakeover);
        var random = new Random(5);
        foreach (var size in new[] { 0, 1, 100, 5000, 200_000, 3 })
        {
            var payload = new byte[size];
            for (var i = 0; i < size; i++)
            {
                payload[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : 'a' + (i % 7));
            }

            var compressed = deflater.Compress(payload).ToArray();
            var output = inflater.Inflate(compressed, long.MaxValue, out var length)!;
            Assert.That(output.AsSpan(0, length).SequenceEqual(payload), Is.True, $"size {size}");
            BufferPool.Return(output);
        }
    }

    [Test]
    public void Without_context_takeover_each_message_stands_alone()
    {
        using var deflater = new MessageDeflater(noContextTakeover: true);
        var first = deflater.Compress("Hello"u8).ToArray();
        var second = deflater.Compress("Hello"u8).ToArray();
        var fresh = new MessageInflater(resetPerMessage: true);
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(InflateText(fresh, second), Is.EqualTo("Hello"));
        });
    }

    [Test]
    public void Stops_inflating_past_the_size_limit()
    {
        using var deflater = new MessageDeflater(noContextTakeover: false);
        var bomb = deflater.Compress(new byte[10_000_000]).ToArray();
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.Multiple(() =>
        {
            Assert.That(bomb, Has.Length.LessThan(20_000));
            Assert.That(inflater.Inflate(bomb, 1_000_000, out _), Is.Null);
        });
    }

    [Test]
    public void Rejects_data_that_is_not_deflate()
    {
        var inflater = new MessageInflater(resetPerMessage: false);
        Assert.That(() => inflater.Inflate(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff }, 1000, out _), Throws.InstanceOf<InvalidDataException>());
    }

    private static string InflateText(MessageInflater inflater, byte[] compressed)
    {
        var output = inflater.Inflate(compressed, 1 << 20, out var length) ?? throw new AssertionException("over the limit");
        var text = Encoding.UTF8.GetString(output, 0, length);
        BufferPool.Return(output);
        return text;
    }
}
