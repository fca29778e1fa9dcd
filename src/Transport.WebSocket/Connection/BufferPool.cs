using System.Buffers;

namespace Tusk.Transport.WebSocket.Connection;

/// <summary>
/// The connection's buffers: small ones come from and go back to the shared pool; a large one (a big message, a
/// fragment flood, a big compressed send) is a plain array that is dropped after use. The shared pool keeps every array
/// it is given, up to 1 GiB each, until memory pressure trims it, so returning big buffers to it would leave an idle
/// connection holding what its largest message needed.
/// </summary>
internal static class BufferPool
{
    /// <summary>The largest buffer that goes back to the shared pool (1 MiB).</summary>
    public const int MaxPooledLength = 1024 * 1024;

    public static byte[] Rent(int minimumLength) =>
        minimumLength <= MaxPooledLength ? ArrayPool<byte>.Shared.Rent(minimumLength) : GC.AllocateUninitializedArray<byte>(minimumLength);

    public static void Return(byte[] array)
    {
        if (array.Length <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
