using System.Buffers;
using System.IO.Compression;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Compression;

/// <summary>Decompresses incoming permessage-deflate messages (RFC 7692 §7.2.2). The output is bounded, so a
/// small compressed message cannot expand past the connection's maximum message size.</summary>
internal sealed class MessageInflater : IDisposable
{
    private readonly bool _resetPerMessage;
    private readonly FeedStream _feed = new();
    private DeflateStream? _inflate;

    /// <param name="resetPerMessage">Start from an empty window for each message (the server promised
    /// <c>server_no_context_takeover</c>, so nothing is lost, and a final block cannot end the stream early).</param>
    public MessageInflater(bool resetPerMessage) => _resetPerMessage = resetPerMessage;

    /// <summary>Prepares for a new message (a fresh window when the server promised no context takeover).</summary>
    public void BeginMessage()
    {
        if (_resetPerMessage)
        {
            _inflate?.Dispose();
            _inflate = null;
        }

        _inflate ??= new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Inflates one frame of the current message, appending to <paramref name="output"/> (a pooled buffer,
    /// rented on the first call and grown as needed; the caller returns it), so a message can be checked frame by
    /// frame before its end arrives.</summary>
    /// <returns><see langword="false"/> when the output would exceed <paramref name="maxLength"/>.</returns>
    /// <exception cref="InvalidDataException">The data is not valid DEFLATE.</exception>
    public bool InflateFrame(ReadOnlyMemory<byte> compressed, bool lastFrame, long maxLength, ref byte[]? output, ref int length)
    {
        _feed.Load(compressed, appendTail: lastFrame);

        // One byte past the limit is enough to know the limit was crossed.
        var cap = maxLength >= Array.MaxLength ? Array.MaxLength : (int)maxLength + 1;
        output ??= ArrayPool<byte>.Shared.Rent((int)Math.Min(cap, Math.Max(4096L, compressed.Length * 4L)));
        while (true)
        {
            if (length == output.Length)
            {
                if (output.Length >= cap)
                {
                    return false;
                }

                PooledArray.Grow(ref output, length, Math.Min(cap, output.Length * 2L));
            }

            var read = _inflate!.Read(output.AsSpan(length, Math.Min(output.Length, cap) - length));
            if (read == 0)
            {
                return length <= maxLength;
            }

            length += read;
        }
    }

    public void Dispose() => _inflate?.Dispose();
}
