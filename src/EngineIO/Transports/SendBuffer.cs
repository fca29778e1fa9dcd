using System.Buffers;

namespace Tusk.EngineIO.Transports;

/// <summary>
/// The transports encode outgoing packets into one reused buffer, which grows to the largest message ever sent. Once a
/// send is over, a buffer that grew past <see cref="MaxRetainedCapacity"/> is let go, so a connection that sent one big
/// message does not hold its size for the rest of its life.
/// </summary>
internal static class SendBuffer
{
    public const int MaxRetainedCapacity = 64 * 1024;

    public static void Trim(ref ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > MaxRetainedCapacity)
        {
            buffer = new ArrayBufferWriter<byte>();
        }
    }
}
