using System.Text;

namespace Tusk.EngineIO.Protocol;

/// <summary>Splits queued packets into polling requests that stay under the server's <c>maxPayload</c> (§1.6.1).</summary>
internal static class PayloadBatcher
{
    /// <summary>
    /// How many packets from <paramref name="start"/> fit into one request. Always at least one: a single packet
    /// larger than the limit still goes alone (the server then rejects it).
    /// </summary>
    public static int CountFitting(IReadOnlyList<EngineIoPacket> packets, int start, long? maxPayload)
    {
        var remaining = packets.Count - start;
        if (maxPayload is not { } limit || remaining <= 1)
        {
            return remaining;
        }

        long size = 1;
        for (var i = start; i < packets.Count; i++)
        {
            size += EncodedSize(packets[i]);
            if (i > start && size > limit)
            {
                return i - start;
            }

            size += 2;
        }

        return remaining;
    }

    private static long EncodedSize(in EngineIoPacket packet) =>
        packet.IsBinary ? ((packet.Binary.Length + 2) / 3 * 4) + 1
        : packet.TryGetUtf8Text(out var utf8) ? utf8.Length
        : packet.Text is { } text ? Encoding.UTF8.GetByteCount(text) : 0;
}
