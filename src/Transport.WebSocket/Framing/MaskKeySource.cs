using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tusk.Transport.WebSocket.Framing;

/// <summary>Mask keys drawn from a per-thread block of <see cref="RandomNumberGenerator"/> bytes: still
/// cryptographically random and new for every frame (RFC 6455 §10.3), but without one RNG call per frame.</summary>
/// <remarks>
/// The block belongs to the thread, not to a connection: a connection sends a frame now and then (an idle one only its
/// pongs), and a 4 KiB block per connection was the largest thing an idle connection kept (issue 21's scale target).
/// Thread-safe: each thread draws from its own block.
/// </remarks>
internal static class MaskKeySource
{
    private const int PoolBytes = 4096;

    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_position;

    public static int Next()
    {
        var pool = t_pool;
        var position = t_position;
        if (pool is null)
        {
            pool = t_pool = new byte[PoolBytes];
            position = PoolBytes;
        }

        while (true)
        {
            if (position == PoolBytes)
            {
                RandomNumberGenerator.Fill(pool);
                position = 0;
            }

            var key = MemoryMarshal.Read<int>(pool.AsSpan(position));
            position += 4;

            // A zero key is legal but leaves the payload readable as sent; draw again.
            if (key != 0)
            {
                t_position = position;
                return key;
            }
        }
    }
}
