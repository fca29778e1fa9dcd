namespace Tusk.Transport.WebSocket.Connection;

/// <summary>Growing a rented array (<see cref="BufferPool"/>): rent a larger one, keep the used part, return the old one.</summary>
internal static class PooledArray
{
    /// <summary>The next length of a full buffer holding <paramref name="used"/> bytes of at most <paramref name="needed"/>:
    /// doubling, and all of <paramref name="needed"/> once that is at most four times what arrived. A length a peer
    /// announces but does not send so costs at most four times the bytes it did send.</summary>
    public static long NextLength(int used, long needed) => needed <= used * 4L ? needed : used * 2L;

    public static void Grow(ref byte[] buffer, int used, long minimumLength)
    {
        var larger = BufferPool.Rent((int)Math.Min(minimumLength, Array.MaxLength));
        buffer.AsSpan(0, used).CopyTo(larger);
        BufferPool.Return(buffer);
        buffer = larger;
    }
}
