namespace Tusk.Transport.WebSocket.Connection;

/// <summary>Growing a rented array (<see cref="BufferPool"/>): rent a larger one, keep the used part, return the old one.</summary>
internal static class PooledArray
{
    public static void Grow(ref byte[] buffer, int used, long minimumLength)
    {
        var larger = BufferPool.Rent((int)Math.Min(minimumLength, Array.MaxLength));
        buffer.AsSpan(0, used).CopyTo(larger);
        BufferPool.Return(buffer);
        buffer = larger;
    }
}
