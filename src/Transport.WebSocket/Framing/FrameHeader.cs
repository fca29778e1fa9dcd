using System.Buffers.Binary;

namespace Tusk.Transport.WebSocket.Framing;

/// <summary>The decoded fixed part of a frame (RFC 6455 §5.2). Pure data: no I/O, no protocol policy.</summary>
internal readonly struct FrameHeader
{
    /// <summary>The longest header: 2 bytes, a 64-bit length and a mask key.</summary>
    public const int MaxLength = 14;

    /// <summary>The largest payload a control frame may carry (RFC 6455 §5.5).</summary>
    public const int MaxControlPayload = 125;

    public FrameHeader(bool fin, bool rsv1, bool rsv2, bool rsv3, byte opcode, bool masked, int maskKey, long payloadLength)
    {
        Fin = fin;
        Rsv1 = rsv1;
        Rsv2 = rsv2;
        Rsv3 = rsv3;
        Opcode = opcode;
        Masked = masked;
        MaskKey = maskKey;
        PayloadLength = payloadLength;
    }

    public bool Fin { get; }

    public bool Rsv1 { get; }

    public bool Rsv2 { get; }

    public bool Rsv3 { get; }

    /// <summary>The raw 4-bit opcode, so that reserved values can be reported.</summary>
    public byte Opcode { get; }

    public bool Masked { get; }

    /// <summary>The mask key as read from memory in wire order (so XOR with a native read applies it).</summary>
    public int MaskKey { get; }

    public long PayloadLength { get; }

    public bool IsControl => (Opcode & 0x8) != 0;

    /// <summary>How many header bytes a frame with this payload length takes.</summary>
    public static int GetEncodedLength(long payloadLength, bool masked) =>
        (payloadLength <= 125 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>Writes a header; the caller masks the payload with the same key.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, WebSocketOpcode opcode, bool fin, bool rsv1, long payloadLength, int? maskKey)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (byte)opcode);
        var maskBit = maskKey.HasValue ? (byte)0x80 : (byte)0;
        int length;
        if (payloadLength <= 125)
        {
            destination[1] = (byte)(maskBit | (byte)payloadLength);
            length = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            length = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
            length = 10;
        }

        if (maskKey is { } key)
        {
            System.Runtime.InteropServices.MemoryMarshal.Write(destination[length..], in key);
            length += 4;
        }

        return length;
    }

    /// <summary>Decodes a header from the start of <paramref name="source"/>.</summary>
    /// <returns><see cref="FrameDecodeStatus.NeedMoreData"/> when the header is incomplete;
    /// <see cref="FrameDecodeStatus.Invalid"/> when a 64-bit length has its top bit set.</returns>
    public static FrameDecodeStatus TryRead(ReadOnlySpan<byte> source, out FrameHeader header, out int headerLength)
    {
        header = default;
        headerLength = 0;
        if (source.Length < 2)
        {
            return FrameDecodeStatus.NeedMoreData;
        }

        var b0 = source[0];
        var b1 = source[1];
        var masked = (b1 & 0x80) != 0;
        var length7 = b1 & 0x7F;
        var needed = (length7 == 126 ? 4 : length7 == 127 ? 10 : 2) + (masked ? 4 : 0);
        if (source.Length < needed)
        {
            return FrameDecodeStatus.NeedMoreData;
        }

        long payloadLength = length7;
        var offset = 2;
        if (length7 == 126)
        {
            payloadLength = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
            offset = 4;
        }
        else if (length7 == 127)
        {
            var raw = BinaryPrimitives.ReadUInt64BigEndian(source[2..]);
            if (raw > long.MaxValue)
            {
                return FrameDecodeStatus.Invalid;
            }

            payloadLength = (long)raw;
            offset = 10;
        }

        var maskKey = masked ? System.Runtime.InteropServices.MemoryMarshal.Read<int>(source[offset..]) : 0;
        header = new FrameHeader(
            fin: (b0 & 0x80) != 0,
            rsv1: (b0 & 0x40) != 0,
            rsv2: (b0 & 0x20) != 0,
            rsv3: (b0 & 0x10) != 0,
            opcode: (byte)(b0 & 0x0F),
            masked: masked,
            maskKey: maskKey,
            payloadLength: payloadLength);
        headerLength = needed;
        return FrameDecodeStatus.Complete;
    }
}
