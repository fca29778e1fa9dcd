using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Tusk.Transport.WebSocket.Compression;

/// <summary>A raw DEFLATE decoder (RFC 1951) that can stop at any byte of input or output and resume, so a message
/// can be inflated frame by frame as it arrives.</summary>
/// <remarks>
/// <para>It exists because permessage-deflate needs two things <see cref="System.IO.Compression.DeflateStream"/> cannot
/// give. A sender may end a message's data with a final block (BFINAL = 1, RFC 7692 §7.2.3.4); the next block, in the
/// same message or the next one, then follows at the next byte boundary and still refers back into the same sliding
/// window (context takeover, §7.2.2). A finished <c>DeflateStream</c> returns nothing more, which silently emptied every
/// later message. And whether a message was decoded completely must be known exactly, so that a message which was not
/// is never delivered.</para>
/// <para>Output goes straight into the caller's message buffer. Matches reach back into that buffer and, past its
/// start, into the last 32 KiB of earlier messages (<see cref="RememberMessage"/>). Not thread-safe: one receive at a
/// time uses it.</para>
/// </remarks>
internal sealed class DeflateDecoder
{
    private const int WindowSize = 32 * 1024;
    private const int EndOfBlock = 256;

    // The most bits one literal/length code with its distance can take: 15 + 5 extra + 15 + 13 extra.
    private const int MaxSymbolBits = 48;

    private static readonly ushort[] s_lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] s_lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] s_distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly byte[] s_distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly byte[] s_codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly HuffmanTable s_fixedLiterals = BuildFixed(288, static s => s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8, 10);
    private static readonly HuffmanTable s_fixedDistances = BuildFixed(32, static _ => 5, 8);

    private readonly HuffmanTable _literals = new(10);
    private readonly HuffmanTable _distances = new(8);
    private readonly HuffmanTable _codeLengths = new(7);
    private readonly byte[] _lengths = new byte[286 + 30];

    // Input not yet used, least significant bit first. Bits above _bitCount are always zero.
    private ulong _bits;
    private int _bitCount;

    private Mode _mode;
    private bool _finalPending;
    private HuffmanTable _literalTable = s_fixedLiterals;
    private HuffmanTable _distanceTable = s_fixedDistances;
    private int _storedRemaining;
    private int _literalCount;
    private int _distanceCount;
    private int _codeLengthCount;
    private int _index;
    private int _matchLength;
    private int _matchDistance;

    // The last bytes of earlier messages, a ring of WindowSize bytes ending (exclusive) at _historyEnd.
    private byte[]? _history;
    private int _historyEnd;
    private int _historyLength;

    private enum Mode
    {
        BlockHeader,
        StoredLength,
        StoredCopy,
        TableSizes,
        CodeLengthCodes,
        CodeLengths,
        Symbols,
        Match,
    }

    /// <summary>Whether the data so far ends exactly between two blocks, on a byte boundary: nothing is half decoded.</summary>
    public bool IsAtBlockBoundary => _mode == Mode.BlockHeader && _bitCount == 0;

    /// <summary>Whether the data so far ends between two blocks with nothing but a final block's padding left over:
    /// the message's data is complete.</summary>
    public bool IsComplete => _mode == Mode.BlockHeader && _bitCount < 8;

    /// <summary>Forgets everything: the next data starts a new stream with an empty window.</summary>
    public void Reset()
    {
        _bits = 0;
        _bitCount = 0;
        _mode = Mode.BlockHeader;
        _historyEnd = 0;
        _historyLength = 0;
    }

    /// <summary>Keeps the end of a completed message as the window the next message may refer back into.</summary>
    public void RememberMessage(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            return;
        }

        var history = _history ??= new byte[WindowSize];
        if (message.Length >= WindowSize)
        {
            message[^WindowSize..].CopyTo(history);
            _historyEnd = 0;
            _historyLength = WindowSize;
            return;
        }

        var first = Math.Min(message.Length, WindowSize - _historyEnd);
        message[..first].CopyTo(history.AsSpan(_historyEnd));
        message[first..].CopyTo(history);
        _historyEnd = (_historyEnd + message.Length) & (WindowSize - 1);
        _historyLength = Math.Min(WindowSize, _historyLength + message.Length);
    }

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/> from <paramref name="written"/> on;
    /// <c>output[..written]</c> must hold what this message decoded so far (matches refer back into it).</summary>
    /// <returns><see cref="OperationStatus.NeedMoreData"/> when all input was used; <see cref="OperationStatus.DestinationTooSmall"/>
    /// when the output is full (call again with a larger buffer and the input from <paramref name="consumed"/> on);
    /// <see cref="OperationStatus.InvalidData"/> when the data is not valid DEFLATE (the decoder is then unusable).</returns>
    public OperationStatus Decode(ReadOnlySpan<byte> input, Span<byte> output, ref int written, out int consumed)
    {
        var reader = new BitReader(input, _bits, _bitCount);
        var status = Run(ref reader, output, ref written);
        _bits = reader.Bits;
        _bitCount = reader.Count;
        consumed = reader.Position;
        return status;
    }

    private static HuffmanTable BuildFixed(int count, Func<int, int> length, int primaryBits)
    {
        var lengths = new byte[count];
        for (var i = 0; i < count; i++)
        {
            lengths[i] = (byte)length(i);
        }

        var table = new HuffmanTable(primaryBits);
        table.Build(lengths);
        return table;
    }

    private OperationStatus Run(ref BitReader reader, Span<byte> output, ref int written)
    {
        while (true)
        {
            var status = _mode switch
            {
                Mode.BlockHeader => ReadBlockHeader(ref reader),
                Mode.StoredLength => ReadStoredLength(ref reader),
                Mode.StoredCopy => CopyStored(ref reader, output, ref written),
                Mode.TableSizes => ReadTableSizes(ref reader),
                Mode.CodeLengthCodes => ReadCodeLengthCodes(ref reader),
                Mode.CodeLengths => ReadCodeLengths(ref reader),
                Mode.Symbols => DecodeSymbols(ref reader, output, ref written),
                _ => ContinueMatch(output, ref written),
            };
            if (status != OperationStatus.Done)
            {
                return status;
            }
        }
    }

    private OperationStatus ReadBlockHeader(ref BitReader reader)
    {
        if (!reader.Ensure(3))
        {
            return OperationStatus.NeedMoreData;
        }

        var header = (int)reader.Take(3);
        _finalPending = (header & 1) != 0;
        switch (header >> 1)
        {
            case 0:
                reader.AlignToByte();
                _mode = Mode.StoredLength;
                return OperationStatus.Done;
            case 1:
                _literalTable = s_fixedLiterals;
                _distanceTable = s_fixedDistances;
                _mode = Mode.Symbols;
                return OperationStatus.Done;
            case 2:
                _mode = Mode.TableSizes;
                return OperationStatus.Done;
            default:
                return OperationStatus.InvalidData;
        }
    }

    private OperationStatus ReadStoredLength(ref BitReader reader)
    {
        if (!reader.Ensure(32))
        {
            return OperationStatus.NeedMoreData;
        }

        var value = (uint)reader.Take(32);
        var length = (int)(value & 0xFFFF);
        if (length != (~(value >> 16) & 0xFFFF))
        {
            return OperationStatus.InvalidData;
        }

        _storedRemaining = length;
        _mode = Mode.StoredCopy;
        return OperationStatus.Done;
    }

    private OperationStatus CopyStored(ref BitReader reader, Span<byte> output, ref int written)
    {
        while (_storedRemaining > 0)
        {
            if (written == output.Length)
            {
                return OperationStatus.DestinationTooSmall;
            }

            // Whole bytes already taken into the bit buffer come first, then the input itself.
            if (reader.Count >= 8)
            {
                output[written++] = (byte)reader.Take(8);
                _storedRemaining--;
                continue;
            }

            var copied = reader.CopyBytes(output[written..], _storedRemaining);
            if (copied == 0)
            {
                return OperationStatus.NeedMoreData;
            }

            written += copied;
            _storedRemaining -= copied;
        }

        EndBlock(ref reader, _finalPending);
        return OperationStatus.Done;
    }

    private OperationStatus ReadTableSizes(ref BitReader reader)
    {
        if (!reader.Ensure(14))
        {
            return OperationStatus.NeedMoreData;
        }

        var sizes = (int)reader.Take(14);
        _literalCount = 257 + (sizes & 0x1F);
        _distanceCount = 1 + ((sizes >> 5) & 0x1F);
        _codeLengthCount = 4 + (sizes >> 10);
        if (_literalCount > 286 || _distanceCount > 30)
        {
            return OperationStatus.InvalidData;
        }

        _lengths.AsSpan(0, s_codeLengthOrder.Length).Clear();
        _index = 0;
        _mode = Mode.CodeLengthCodes;
        return OperationStatus.Done;
    }

    private OperationStatus ReadCodeLengthCodes(ref BitReader reader)
    {
        for (; _index < _codeLengthCount; _index++)
        {
            if (!reader.Ensure(3))
            {
                return OperationStatus.NeedMoreData;
            }

            _lengths[s_codeLengthOrder[_index]] = (byte)reader.Take(3);
        }

        if (!_codeLengths.Build(_lengths.AsSpan(0, s_codeLengthOrder.Length)))
        {
            return OperationStatus.InvalidData;
        }

        _lengths.AsSpan().Clear();
        _index = 0;
        _mode = Mode.CodeLengths;
        return OperationStatus.Done;
    }

    private OperationStatus ReadCodeLengths(ref BitReader reader)
    {
        var total = _literalCount + _distanceCount;
        while (_index < total)
        {
            // A code (at most 7 bits) and its repeat count (at most 7 bits) are taken together or not at all.
            reader.Ensure(14);
            var symbol = _codeLengths.Decode(reader.Bits, out var length);
            if (length == 0 || length > reader.Count)
            {
                return length == 0 && reader.Count >= _codeLengths.MaxLength ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
            }

            if (symbol < 16)
            {
                reader.Skip(length);
                _lengths[_index++] = (byte)symbol;
                continue;
            }

            var (extraBits, minimum) = symbol switch
            {
                16 => (2, 3),
                17 => (3, 3),
                _ => (7, 11),
            };
            if (length + extraBits > reader.Count)
            {
                return OperationStatus.NeedMoreData;
            }

            reader.Skip(length);
            var repeat = minimum + (int)reader.Take(extraBits);
            if (_index + repeat > total || (symbol == 16 && _index == 0))
            {
                return OperationStatus.InvalidData;
            }

            var value = symbol == 16 ? _lengths[_index - 1] : (byte)0;
            _lengths.AsSpan(_index, repeat).Fill(value);
            _index += repeat;
        }

        // Without a code for end-of-block the block could never end.
        if (_lengths[EndOfBlock] == 0
            || !_literals.Build(_lengths.AsSpan(0, _literalCount))
            || !_distances.Build(_lengths.AsSpan(_literalCount, _distanceCount)))
        {
            return OperationStatus.InvalidData;
        }

        _literalTable = _literals;
        _distanceTable = _distances;
        _mode = Mode.Symbols;
        return OperationStatus.Done;
    }

    private OperationStatus DecodeSymbols(ref BitReader reader, Span<byte> output, ref int written)
    {
        var literals = _literalTable;
        var distances = _distanceTable;
        while (true)
        {
            // With MaxSymbolBits in hand no check below can fail for lack of input; near the end of the input each
            // code is checked, and one that is not all there yet is left for the next call.
            var plenty = reader.Ensure(MaxSymbolBits);
            var bits = reader.Bits;
            var symbol = literals.Decode(bits, out var length);
            if (!plenty && (length == 0 || length > reader.Count))
            {
                return length == 0 && reader.Count >= literals.MaxLength ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
            }

            if (length == 0)
            {
                return OperationStatus.InvalidData;
            }

            if (symbol < EndOfBlock)
            {
                if (written == output.Length)
                {
                    return OperationStatus.DestinationTooSmall;
                }

                output[written++] = (byte)symbol;
                reader.Skip(length);
                continue;
            }

            if (symbol == EndOfBlock)
            {
                reader.Skip(length);
                EndBlock(ref reader, _finalPending);
                return OperationStatus.Done;
            }

            var lengthIndex = symbol - 257;
            if (lengthIndex >= s_lengthBase.Length)
            {
                return OperationStatus.InvalidData;
            }

            var used = length;
            var lengthExtra = s_lengthExtra[lengthIndex];
            var distanceSymbol = distances.Decode(bits >> (used + lengthExtra), out var distanceLength);
            if (!plenty)
            {
                if (used + lengthExtra + distanceLength > reader.Count || distanceLength == 0)
                {
                    return distanceLength == 0 && reader.Count >= used + lengthExtra + distances.MaxLength
                        ? OperationStatus.InvalidData
                        : OperationStatus.NeedMoreData;
                }
            }
            else if (distanceLength == 0)
            {
                return OperationStatus.InvalidData;
            }

            if (distanceSymbol >= s_distanceBase.Length)
            {
                return OperationStatus.InvalidData;
            }

            var distanceExtra = s_distanceExtra[distanceSymbol];
            var total = used + lengthExtra + distanceLength + distanceExtra;
            if (total > reader.Count)
            {
                return OperationStatus.NeedMoreData;
            }

            var matchLength = s_lengthBase[lengthIndex] + (int)((bits >> used) & ((1UL << lengthExtra) - 1));
            var distance = s_distanceBase[distanceSymbol] + (int)((bits >> (used + lengthExtra + distanceLength)) & ((1UL << distanceExtra) - 1));
            if (distance > written + _historyLength)
            {
                return OperationStatus.InvalidData;
            }

            if (written == output.Length)
            {
                return OperationStatus.DestinationTooSmall;
            }

            reader.Skip(total);
            if (distance <= written && matchLength <= output.Length - written)
            {
                // The usual case, copied here: the whole match fits and lies within this message.
                var source = written - distance;
                if (distance >= matchLength)
                {
                    output.Slice(source, matchLength).CopyTo(output[written..]);
                }
                else
                {
                    // It overlaps its own output, which repeats every `distance` bytes.
                    for (var i = 0; i < matchLength; i++)
                    {
                        output[written + i] = output[source + i];
                    }
                }

                written += matchLength;
                continue;
            }

            _matchLength = matchLength;
            _matchDistance = distance;
            var copied = ContinueMatch(output, ref written);
            if (copied != OperationStatus.Done)
            {
                return copied;
            }
        }
    }

    /// <summary>Copies the match in progress (<see cref="_matchLength"/> bytes from <see cref="_matchDistance"/>
    /// back), as far as the output allows.</summary>
    private OperationStatus ContinueMatch(Span<byte> output, ref int written)
    {
        while (_matchLength > 0)
        {
            var room = output.Length - written;
            if (room == 0)
            {
                _mode = Mode.Match;
                return OperationStatus.DestinationTooSmall;
            }

            int count;
            if (_matchDistance > written)
            {
                // The start of the match lies in an earlier message.
                var back = _matchDistance - written;
                var start = (_historyEnd - back) & (WindowSize - 1);
                count = Math.Min(Math.Min(_matchLength, back), Math.Min(room, WindowSize - start));
                _history.AsSpan(start, count).CopyTo(output[written..]);
            }
            else if (_matchDistance == 1)
            {
                // A run of one byte, common in padding and repeated characters.
                count = Math.Min(_matchLength, room);
                output.Slice(written, count).Fill(output[written - 1]);
            }
            else
            {
                // A match longer than its distance repeats its own output: copy it a distance at a time.
                count = Math.Min(Math.Min(_matchLength, _matchDistance), room);
                output.Slice(written - _matchDistance, count).CopyTo(output[written..]);
            }

            written += count;
            _matchLength -= count;
        }

        _mode = Mode.Symbols;
        return OperationStatus.Done;
    }

    private void EndBlock(ref BitReader reader, bool final)
    {
        _mode = Mode.BlockHeader;
        if (final)
        {
            // RFC 7692 §7.2.1: after a final block the sender pads to a byte boundary, and any next block follows.
            reader.AlignToByte();
        }
    }

    /// <summary>A little-endian bit buffer over one call's input.</summary>
    private ref struct BitReader
    {
        private readonly ReadOnlySpan<byte> _input;

        public BitReader(ReadOnlySpan<byte> input, ulong bits, int count)
        {
            _input = input;
            Bits = bits;
            Count = count;
        }

        public ulong Bits { get; private set; }

        public int Count { get; private set; }

        public int Position { get; private set; }

        /// <summary>Tops the buffer up from the input; whether it then holds at least <paramref name="count"/> bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Ensure(int count)
        {
            if (Count >= count)
            {
                return true;
            }

            if (_input.Length - Position >= 8)
            {
                // Whole bytes only, so every bit above Count stays zero and the next byte is read whole next time.
                var take = (63 - Count) >> 3;
                var word = BinaryPrimitives.ReadUInt64LittleEndian(_input[Position..]);
                Bits |= (word & ((1UL << (take * 8)) - 1)) << Count;
                Position += take;
                Count += take * 8;
                return Count >= count;
            }

            while (Count <= 56 && Position < _input.Length)
            {
                Bits |= (ulong)_input[Position++] << Count;
                Count += 8;
            }

            return Count >= count;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Take(int count)
        {
            var value = Bits & ((1UL << count) - 1);
            Skip(count);
            return value;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Skip(int count)
        {
            Bits >>= count;
            Count -= count;
        }

        public void AlignToByte() => Skip(Count & 7);

        /// <summary>Copies input bytes straight to <paramref name="destination"/> (the bit buffer must be empty).</summary>
        public int CopyBytes(Span<byte> destination, int limit)
        {
            var count = Math.Min(Math.Min(limit, destination.Length), _input.Length - Position);
            _input.Slice(Position, count).CopyTo(destination);
            Position += count;
            return count;
        }
    }
}
