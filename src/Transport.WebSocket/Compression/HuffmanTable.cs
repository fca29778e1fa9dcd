using System.Runtime.CompilerServices;

namespace Tusk.Transport.WebSocket.Compression;

/// <summary>A canonical Huffman code (RFC 1951 §3.2.2) as a two-level lookup table, read least significant bit
/// first: a primary table indexed by the next few bits, and sub-tables for the longer codes.</summary>
/// <remarks>An entry is <c>symbol | length &lt;&lt; 9</c> for a code, <c>LinkFlag | sub-table number</c> for a prefix
/// of longer codes, and 0 for bits that start no code (an incomplete code, or a tree a hostile peer made up).</remarks>
internal sealed class HuffmanTable
{
    public const int MaxCodeLength = 15;

    private const ushort LinkFlag = 0x8000;
    private const int SymbolMask = 0x1FF;

    private readonly int _maxPrimaryBits;
    private ushort[] _entries;
    private int _primaryBits;
    private int _subBits;

    /// <param name="maxPrimaryBits">The most bits the primary table is indexed by; longer codes go to sub-tables.</param>
    public HuffmanTable(int maxPrimaryBits)
    {
        _maxPrimaryBits = maxPrimaryBits;
        _entries = new ushort[1 << maxPrimaryBits];
    }

    /// <summary>The longest code in the table: this many bits always decide a symbol (or show there is none).</summary>
    public int MaxLength { get; private set; }

    /// <summary>Builds the table for the code lengths of symbols 0, 1, 2… (0 means the symbol is unused).</summary>
    /// <returns><see langword="false"/> when the lengths over-subscribe the code space (no prefix code has them).</returns>
    public bool Build(ReadOnlySpan<byte> lengths)
    {
        Span<int> counts = stackalloc int[MaxCodeLength + 1];
        foreach (var length in lengths)
        {
            counts[length]++;
        }

        counts[0] = 0;
        var left = 1;
        var maxLength = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            left = (left << 1) - counts[length];
            if (left < 0)
            {
                return false;
            }

            if (counts[length] > 0)
            {
                maxLength = length;
            }
        }

        // Codes are numbered in order of length, then of symbol (§3.2.2 step 2).
        Span<int> nextCode = stackalloc int[MaxCodeLength + 1];
        var code = 0;
        var longCodes = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            code = (code + counts[length - 1]) << 1;
            nextCode[length] = code;
        }

        MaxLength = maxLength;
        _primaryBits = Math.Min(_maxPrimaryBits, Math.Max(maxLength, 1));
        _subBits = maxLength - _primaryBits;
        for (var length = _primaryBits + 1; length <= maxLength; length++)
        {
            longCodes += counts[length];
        }

        var primarySize = 1 << _primaryBits;
        var needed = primarySize + (longCodes << _subBits);
        if (_entries.Length < needed)
        {
            _entries = new ushort[needed];
        }

        var entries = _entries;
        entries.AsSpan(0, primarySize).Clear();
        var subTables = 0;
        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            var reversed = Reverse(nextCode[length]++, length);
            var leaf = (ushort)(symbol | (length << 9));
            if (length <= _primaryBits)
            {
                for (var i = reversed; i < primarySize; i += 1 << length)
                {
                    entries[i] = leaf;
                }

                continue;
            }

            var prefix = reversed & (primarySize - 1);
            if ((entries[prefix] & LinkFlag) == 0)
            {
                entries[prefix] = (ushort)(LinkFlag | subTables);
                entries.AsSpan(primarySize + (subTables << _subBits), 1 << _subBits).Clear();
                subTables++;
            }

            var start = primarySize + ((entries[prefix] & ~LinkFlag) << _subBits);
            for (var i = reversed >> _primaryBits; i < 1 << _subBits; i += 1 << (length - _primaryBits))
            {
                entries[start + i] = leaf;
            }
        }

        return true;
    }

    /// <summary>Looks up the code at the low end of <paramref name="bits"/>.</summary>
    /// <returns>The symbol, with its code length in <paramref name="length"/>; <paramref name="length"/> is 0 when
    /// the bits start no code (a caller holding fewer than <see cref="MaxLength"/> bits cannot tell that from a
    /// code that is still incomplete).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(ulong bits, out int length)
    {
        var entry = _entries[(int)bits & ((1 << _primaryBits) - 1)];
        if ((entry & LinkFlag) != 0)
        {
            var start = (1 << _primaryBits) + ((entry & ~LinkFlag) << _subBits);
            entry = _entries[start + ((int)(bits >> _primaryBits) & ((1 << _subBits) - 1))];
        }

        length = entry >> 9;
        return entry & SymbolMask;
    }

    private static int Reverse(int code, int length)
    {
        var reversed = 0;
        for (var i = 0; i < length; i++)
        {
            reversed = (reversed << 1) | (code & 1);
            code >>= 1;
        }

        return reversed;
    }
}
