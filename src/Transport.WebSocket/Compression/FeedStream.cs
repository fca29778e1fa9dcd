namespace Tusk.Transport.WebSocket.Compression;

/// <summary>A read-only stream the decompressor pulls from: one frame's compressed bytes and, after a message's last
/// frame, the <c>00 00 FF FF</c> tail that RFC 7692 §7.2.2 tells the receiver to append.</summary>
internal sealed class FeedStream : Stream
{
    private static readonly byte[] s_tail = [0x00, 0x00, 0xFF, 0xFF];

    private ReadOnlyMemory<byte> _payload;
    private int _tailRead = s_tail.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Load(ReadOnlyMemory<byte> payload, bool appendTail = true)
    {
        _payload = payload;
        _tailRead = appendTail ? 0 : s_tail.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_payload.IsEmpty)
        {
            var count = Math.Min(buffer.Length, _payload.Length);
            _payload.Span[..count].CopyTo(buffer);
            _payload = _payload[count..];
            return count;
        }

        var tail = Math.Min(buffer.Length, s_tail.Length - _tailRead);
        s_tail.AsSpan(_tailRead, tail).CopyTo(buffer);
        _tailRead += tail;
        return tail;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
