using System.Runtime.CompilerServices;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Connection;

/// <summary>The receive side's byte source: a buffer that headers and control payloads are parsed from in place, while
/// large data payloads are read straight from the stream into the caller's memory. After the stream was drained it
/// waits with a small buffer of its own; a read that fills it moves to a pooled large buffer until the data stops.</summary>
internal sealed class FrameReader
{
    private const int BufferSize = 16 * 1024;

    // Below this, a payload read goes through the buffer (one read may then bring several frames);
    // above it, straight into the destination, saving a copy.
    private const int DirectReadThreshold = 4 * 1024;

    // The first read after the stream was drained uses this: big enough for a typical small message and its header,
    // small enough that a thousand idle connections cost little.
    private const int SmallBufferSize = 512;

    private readonly Stream _stream;
    private readonly byte[] _small = new byte[SmallBufferSize];
    private byte[] _buffer;

    // The last read filled all the room it was given, so more data is probably waiting.
    private bool _streaming;
    private int _start;
    private int _end;

    public FrameReader(Stream stream, ReadOnlySpan<byte> alreadyReceived)
    {
        _stream = stream;
        _buffer = alreadyReceived.Length <= SmallBufferSize ? _small : BufferPool.Rent(Math.Max(BufferSize, alreadyReceived.Length));
        alreadyReceived.CopyTo(_buffer);
        _end = alreadyReceived.Length;
    }

    public int Buffered => _end - _start;

    /// <summary>Reads the next frame header.</summary>
    /// <returns>The header, or <see langword="null"/> when the stream ended (cleanly between frames or not).</returns>
    /// <exception cref="ProtocolViolationException">A 64-bit length has its top bit set.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<FrameHeader?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (FrameHeader.TryRead(_buffer.AsSpan(_start, _end - _start), out var header, out var headerLength))
            {
                case FrameDecodeStatus.Complete:
                    _start += headerLength;
                    return header;
                case FrameDecodeStatus.Invalid:
                    throw new ProtocolViolationException(WebSocketCloseCodes.ProtocolError, "A 64-bit payload length has its most significant bit set.");
            }

            if (!await FillAsync(Buffered + 1, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    /// <summary>Makes <paramref name="length"/> bytes (at most the buffer size) available in <see cref="Peek"/>.</summary>
    /// <returns><see langword="false"/> when the stream ended first.</returns>
    public ValueTask<bool> EnsureAsync(int length, CancellationToken cancellationToken) =>
        Buffered >= length ? new ValueTask<bool>(true) : FillAsync(length, cancellationToken);

    public ReadOnlySpan<byte> Peek(int length) => _buffer.AsSpan(_start, length);

    public void Consume(int length) => _start += length;

    /// <summary>Reads up to <paramref name="destination"/>.Length payload bytes.</summary>
    /// <returns>The count read; 0 only for an empty destination.</returns>
    /// <exception cref="EndOfStreamException">The stream ended inside the payload.</exception>
    public ValueTask<int> ReadPayloadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return new ValueTask<int>(0);
        }

        if (Buffered > 0)
        {
            var count = Math.Min(Buffered, destination.Length);
            _buffer.AsSpan(_start, count).CopyTo(destination.Span);
            _start += count;
            return new ValueTask<int>(count);
        }

        return ReadPayloadSlowAsync(destination, cancellationToken);
    }

    /// <summary>Reads and discards input until the peer ends the stream.</summary>
    public async Task DrainToEndAsync(CancellationToken cancellationToken)
    {
        _start = _end = 0;
        while (await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Gives the pooled buffer back and falls back to the small one; nothing may be buffered.</summary>
    public void ReturnBuffer()
    {
        ReturnPooled(_buffer);
        _buffer = _small;
        _start = _end = 0;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadPayloadSlowAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.Length >= DirectReadThreshold)
        {
            var direct = await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);

            // Whether more follows is unknown here; the next header is waited for with the small buffer.
            _streaming = false;
            return direct > 0 ? direct : throw new EndOfStreamException("The connection ended inside a frame.");
        }

        if (!await FillAsync(1, cancellationToken).ConfigureAwait(false))
        {
            throw new EndOfStreamException("The connection ended inside a frame.");
        }

        var count = Math.Min(Buffered, destination.Length);
        _buffer.AsSpan(_start, count).CopyTo(destination.Span);
        _start += count;
        return count;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(int minimum, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
            if (!_streaming && minimum <= _small.Length)
            {
                // Nothing buffered and the last read drained the stream: wait with the small buffer, so an idle
                // connection holds no pooled one, and a large payload behind the next header is read straight into
                // its destination rather than through a full buffer.
                ReturnBuffer();
            }
            else if (ReferenceEquals(_buffer, _small) || _buffer.Length < minimum)
            {
                SwitchToPooled(Math.Max(BufferSize, minimum));
            }
        }
        else if (ReferenceEquals(_buffer, _small) && (_streaming || minimum > _small.Length))
        {
            // More data is on its way (the last read filled the buffer): move to the large buffer to read it in bulk.
            SwitchToPooled(Math.Max(BufferSize, minimum));
        }
        else if (_buffer.Length - _start < minimum)
        {
            // Compact: the unread bytes move to the front.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < minimum)
        {
            var room = _buffer.Length - _end;
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
            _streaming = read == room;
        }

        return true;
    }

    /// <summary>Moves the unread bytes into a pooled buffer of at least <paramref name="size"/> bytes.</summary>
    private void SwitchToPooled(int size)
    {
        var pooled = BufferPool.Rent(size);
        var unread = _end - _start;
        _buffer.AsSpan(_start, unread).CopyTo(pooled);
        ReturnPooled(_buffer);
        _buffer = pooled;
        _start = 0;
        _end = unread;
    }

    private void ReturnPooled(byte[] buffer)
    {
        if (!ReferenceEquals(buffer, _small))
        {
            BufferPool.Return(buffer);
        }
    }
}
