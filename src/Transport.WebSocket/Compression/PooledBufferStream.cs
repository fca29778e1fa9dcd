using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Compression;

/// <summary>A write-only stream into a growing pooled buffer: the compressor's sink.</summary>
internal sealed class PooledBufferStream : Stream
{
    private byte[] _buffer = BufferPool.Rent(4096);
    private int _length;

    /// <summary>When set, writes are dropped (used while a compressor is disposed and emits its final block).</summary>
    public bool Discard { get; set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public void Reset() => _length = 0;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Discard)
        {
            return;
        }

        if (_length + buffer.Length > _buffer.Length)
        {
            PooledArray.Grow(ref _buffer, _length, Math.Max(_buffer.Length * 2L, _length + buffer.Length));
        }

        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            BufferPool.Return(_buffer);
            _buffer = [];
            _length = 0;
        }

        base.Dispose(disposing);
    }
}
