using System.Buffers;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Compression;

/// <summary>Decompresses incoming permessage-deflate messages (RFC 7692 §7.2.2). The output is bounded, so a
/// small compressed message cannot expand past the connection's maximum message size, and a message whose data
/// does not decode completely is an error, never a shorter message.</summary>
internal sealed class MessageInflater
{
    private static readonly byte[] s_tail = [0x00, 0x00, 0xFF, 0xFF];

    private readonly bool _resetPerMessage;
    private readonly DeflateDecoder _decoder = new();

    /// <param name="resetPerMessage">Start from an empty window for each message (the server promised
    /// <c>server_no_context_takeover</c>, so nothing is lost and no window needs keeping).</param>
    public MessageInflater(bool resetPerMessage) => _resetPerMessage = resetPerMessage;

    /// <summary>Prepares for a new message (a fresh window when the server promised no context takeover).</summary>
    public void BeginMessage()
    {
        if (_resetPerMessage)
        {
            _decoder.Reset();
        }
    }

    /// <summary>Inflates one frame of the current message, appending to <paramref name="output"/> (a pooled buffer,
    /// rented on the first call and grown as needed; the caller returns it), so a message can be checked frame by
    /// frame before its end arrives.</summary>
    /// <returns><see langword="false"/> when the output would exceed <paramref name="maxLength"/>.</returns>
    /// <exception cref="InvalidDataException">The data is not valid DEFLATE, or the message ends inside a block.</exception>
    public bool InflateFrame(ReadOnlySpan<byte> compressed, bool lastFrame, long maxLength, ref byte[]? output, ref int length)
    {
        var cap = (int)Math.Min(maxLength, Array.MaxLength);
        output ??= BufferPool.Rent((int)Math.Min(cap, Math.Max(4096L, compressed.Length * 4L)));
        if (!Inflate(compressed, cap, ref output, ref length))
        {
            return false;
        }

        if (!lastFrame)
        {
            return true;
        }

        // §7.2.2 appends 00 00 FF FF (the empty stored block a sync flush ends with) before inflating. Data that
        // already ends between blocks, such as a final block (§7.2.3.4) or an empty message, needs no tail, and would
        // be left holding half a block by one.
        if (!_decoder.IsAtBlockBoundary && !Inflate(s_tail, cap, ref output, ref length))
        {
            return false;
        }

        if (!_decoder.IsComplete)
        {
            throw new InvalidDataException("The compressed message ends inside a DEFLATE block.");
        }

        if (!_resetPerMessage)
        {
            _decoder.RememberMessage(output.AsSpan(0, length));
        }

        return true;
    }

    private bool Inflate(ReadOnlySpan<byte> input, int cap, ref byte[] output, ref int length)
    {
        while (true)
        {
            var status = _decoder.Decode(input, output.AsSpan(0, Math.Min(output.Length, cap)), ref length, out var consumed);
            switch (status)
            {
                case OperationStatus.NeedMoreData:
                    return true;
                case OperationStatus.DestinationTooSmall when length >= cap:
                    return false;
                case OperationStatus.DestinationTooSmall:
                    PooledArray.Grow(ref output, length, Math.Min(cap, output.Length * 2L));
                    input = input[consumed..];
                    break;
                default:
                    throw new InvalidDataException("The compressed message is not valid DEFLATE data.");
            }
        }
    }
}
