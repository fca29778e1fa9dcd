using System.Buffers;
using System.Runtime.CompilerServices;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Connection;

/// <summary>The receive side's byte source: a pooled buffer that headers and control payloads are parsed from in
/// place, while large data payloads are read straight from the stream into the caller's memory.</summary>
internal sealed class FrameReader
{
    private const int BufferSize = 16 * 1024;

    // Below this, a payload read goes through the buffer (one read may then bring several frames);
    // above it, straight into the destination, saving a copy.
    private const int DirectReadThreshold = 4 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public FrameReader(Stream stream, ReadOnlySpan<byte> alreadyReceived)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BufferSize, alreadyReceived.Length));
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
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        }

        while (await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public void ReturnBuffer()
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadPayloadSlowAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.Length >= DirectReadThreshold)
        {
            var direct = await _stream.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
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

            // Nothing buffered: wait for data with a zero-byte read and without a buffer, so an idle connection holds
            // none (NetworkStream and SslStream complete it when data arrives; other streams return at once).
            ReturnBuffer();
            await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BufferSize, minimum));
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
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }
}
