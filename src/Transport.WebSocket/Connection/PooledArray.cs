using System.Buffers;

namespace Tusk.Transport.WebSocket.Connection;

/// <summary>Growing a rented array: rent a larger one, keep the used part, return the old one.</summary>
internal static class PooledArray
{
    public static void Grow(ref byte[] buffer, int used, long minimumLength)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(minimumLength, Array.MaxLength));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
