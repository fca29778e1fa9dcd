using Tusk.Transport.WebSocket.Compression;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Tests.Compression;

/// <summary>Whole-message inflation for tests that look at one compressed message at a time (the connection itself
/// inflates frame by frame).</summary>
internal static class MessageInflaterExtensions
{
    /// <returns>A pooled buffer holding <paramref name="length"/> bytes, or <see langword="null"/> past <paramref name="maxLength"/>.</returns>
    public static byte[]? Inflate(this MessageInflater inflater, ReadOnlyMemory<byte> compressed, long maxLength, out int length)
    {
        inflater.BeginMessage();
        byte[]? output = null;
        length = 0;
        if (inflater.InflateFrame(compressed.Span, lastFrame: true, maxLength, ref output, ref length))
        {
            return output;
        }

        BufferPool.Return(output!);
        return null;
    }
}
