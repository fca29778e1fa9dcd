using System.Buffers;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Tusk.Transport.WebSocket.Compression;

namespace Tusk.Benchmarks;

/// <summary>
/// Receiving permessage-deflate with context takeover: 16 JSON-like messages compressed by one long-lived sender,
/// inflated by Tusk's managed decoder (which also copes with final blocks inside the context) and, for reference, by
/// one long-lived <see cref="DeflateStream"/> (zlib-ng) fed each message plus the <c>00 00 FF FF</c> tail.
/// </summary>
[MemoryDiagnoser]
public class InflateBenchmarks
{
    private static readonly byte[] s_tail = [0x00, 0x00, 0xFF, 0xFF];

    private byte[][] _messages = [];
    private byte[] _output = [];

    [Params(200, 16 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var sink = new MemoryStream();
        var deflate = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true);
        _messages = new byte[16][];
        for (var i = 0; i < _messages.Length; i++)
        {
            var text = new System.Text.StringBuilder();
            while (text.Length < Size)
            {
                text.Append("{\"user\":\"user").Append(random.Next(1000)).Append("\",\"text\":\"message ").Append(random.Next(100_000)).Append(" with some text\"},");
            }

            var start = sink.Length;
            deflate.Write(System.Text.Encoding.UTF8.GetBytes(text.ToString(0, Size)));
            deflate.Flush();
            _messages[i] = sink.ToArray()[(int)start..^4];
        }

        _output = new byte[Size];
    }

    [Benchmark(Baseline = true)]
    public long DeflateStream()
    {
        var feed = new MessageFeed();
        using var inflate = new DeflateStream(feed, CompressionMode.Decompress);
        long total = 0;
        foreach (var message in _messages)
        {
            feed.Load(message);
            int read;
            while ((read = inflate.Read(_output)) > 0)
            {
                total += read;
            }
        }

        return total;
    }

    [Benchmark]
    public long Tusk()
    {
        var inflater = new MessageInflater(resetPerMessage: false);
        long total = 0;
        foreach (var message in _messages)
        {
            inflater.BeginMessage();
            byte[]? output = null;
            var length = 0;
            inflater.InflateFrame(message, lastFrame: true, long.MaxValue, ref output, ref length);
            total += length;
            ArrayPool<byte>.Shared.Return(output!);
        }

        return total;
    }

    /// <summary>Hands the decompressor one message and then the tail.</summary>
    private sealed class MessageFeed : Stream
    {
        private ReadOnlyMemory<byte> _pending;
        private bool _tailPending;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Load(byte[] message)
        {
            _pending = message;
            _tailPending = true;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pending.IsEmpty && _tailPending)
            {
                _pending = s_tail;
                _tailPending = false;
            }

            var count = Math.Min(buffer.Length, _pending.Length);
            _pending.Span[..count].CopyTo(buffer);
            _pending = _pending[count..];
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
