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

    /// <summary>Inflates one message into a pooled buffer.</summary>
    /// <returns>The buffer (return it to <see cref="ArrayPool{T}.Shared"/>), or <see langword="null"/> when the
    /// output would exceed <paramref name="maxLength"/>.</returns>
    /// <exception cref="InvalidDataException">The data is not valid DEFLATE.</exception>
    public byte[]? Inflate(ReadOnlyMemory<byte> compressed, long maxLength, out int length)
    {
        _feed.Load(compressed);
        if (_resetPerMessage)
        {
            _inflate?.Dispose();
            _inflate = null;
        }

        _inflate ??= new DeflateStream(_feed, CompressionMode.Decompress, leaveOpen: true);
        // One byte past the limit is enough to know the limit was crossed.
        var cap = maxLength >= Array.MaxLength ? Array.MaxLength : (int)maxLength + 1;
        var output = ArrayPool<byte>.Shared.Rent((int)Math.Min(cap, Math.Max(4096L, compressed.Length * 4L)));
        length = 0;
        try
        {
            while (true)
            {
                if (length == output.Length)
                {
                    if (output.Length >= cap)
                    {
                        ArrayPool<byte>.Shared.Return(output);
                        return null;
                    }

                    PooledArray.Grow(ref output, length, Math.Min(cap, output.Length * 2L));
                }

                var read = _inflate.Read(output.AsSpan(length, Math.Min(output.Length, cap) - length));
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(output);
            throw;
        }

        if (length > maxLength)
        {
            ArrayPool<byte>.Shared.Return(output);
            return null;
        }

        return output;
    }

    public void Dispose() => _inflate?.Dispose();
}
