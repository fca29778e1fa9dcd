using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tusk.Transport.WebSocket.Framing;

/// <summary>Mask keys drawn from a pooled block of <see cref="RandomNumberGenerator"/> bytes: still
/// cryptographically random and new for every frame (RFC 6455 §10.3), but without one RNG call per frame.
/// Not thread-safe: each connection draws under its send lock.</summary>
internal sealed class MaskKeySource
{
    private const int PoolBytes = 4096;

    private readonly byte[] _pool = new byte[PoolBytes];
    private int _position = PoolBytes;

    public int Next()
    {
        while (true)
        {
            if (_position == PoolBytes)
            {
                RandomNumberGenerator.Fill(_pool);
                _position = 0;
            }

            var key = MemoryMarshal.Read<int>(_pool.AsSpan(_position));
            _position += 4;

            // A zero key is legal but leaves the payload readable as sent; draw again.
            if (key != 0)
            {
                return key;
            }
        }
    }
}
