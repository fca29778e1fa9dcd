using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tusk.Transport.WebSocket.Framing;

/// <summary>XOR masking (RFC 6455 §5.3), vectorized; only the last 0–7 bytes go through a scalar loop.</summary>
internal static class FrameMasker
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> masking it on the way,
    /// or masks in place when both are the same memory. The payload starts at mask phase 0.</summary>
    public static void Mask(ReadOnlySpan<byte> source, Span<byte> destination, int maskKey)
    {
        var length = source.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        }

        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        var n = (nuint)length;

        // The key repeats every 4 bytes and every step below is a multiple of 4, so the phase never shifts.
        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<byte>.Count)
        {
            var mask256 = Vector256.Create(maskKey).AsByte();
            var last = n - (nuint)Vector256<byte>.Count;
            for (; i <= last; i += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref src, i) ^ mask256).StoreUnsafe(ref dst, i);
            }
        }

        if (Vector128.IsHardwareAccelerated && n - i >= (nuint)Vector128<byte>.Count)
        {
            var mask128 = Vector128.Create(maskKey).AsByte();
            var last = n - (nuint)Vector128<byte>.Count;
            for (; i <= last; i += (nuint)Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref src, i) ^ mask128).StoreUnsafe(ref dst, i);
            }
        }

        var mask64 = ((ulong)(uint)maskKey << 32) | (uint)maskKey;
        for (; n - i >= 8; i += 8)
        {
            var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), value ^ mask64);
        }

        if (n - i >= 4)
        {
            var value = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref src, i));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), value ^ maskKey);
            i += 4;
        }

        // At most 3 bytes remain, and i is a multiple of 4, so the key bytes start at phase 0 again.
        var keyBytes = MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in maskKey));
        for (var k = 0; i < n; i++, k++)
        {
            Unsafe.Add(ref dst, i) = (byte)(Unsafe.Add(ref src, i) ^ keyBytes[k]);
        }
    }

    /// <summary>Masks <paramref name="data"/> in place.</summary>
    public static void MaskInPlace(Span<byte> data, int maskKey) => Mask(data, data, maskKey);

    /// <summary>The key to continue masking a payload at <paramref name="offset"/> bytes into the frame.</summary>
    public static int RotateForOffset(int maskKey, long offset)
    {
        var shift = (int)(offset & 3) * 8;
        if (shift == 0)
        {
            return maskKey;
        }

        // The key is held in memory order: on a little-endian machine the byte at phase p sits at bits 8p.
        return BitConverter.IsLittleEndian
            ? (int)System.Numerics.BitOperations.RotateRight((uint)maskKey, shift)
            : (int)System.Numerics.BitOperations.RotateLeft((uint)maskKey, shift);
    }
}
