using System.Text.Unicode;

namespace Tusk.Transport.WebSocket.Framing;

/// <summary>Incremental UTF-8 validation across chunks and fragments. Each chunk is checked as soon as it
/// arrives: complete runs go through the vectorized <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>, and an
/// unfinished sequence at the end is checked byte by byte, so an invalid prefix fails at once.</summary>
internal struct Utf8Validator
{
    // Continuation bytes still expected, and the allowed range of the very next one.
    private int _pending;
    private byte _nextMin;
    private byte _nextMax;

    /// <summary>Whether no code point is left unfinished.</summary>
    public readonly bool IsComplete => _pending == 0;

    public void Reset() => _pending = 0;

    /// <summary>Validates the next chunk of a message.</summary>
    /// <returns><see langword="false"/> as soon as the bytes so far cannot start valid UTF-8.</returns>
    public bool Append(ReadOnlySpan<byte> chunk)
    {
        var i = 0;
        while (_pending > 0)
        {
            if (i == chunk.Length)
            {
                return true;
            }

            if (!AcceptContinuation(chunk[i++]))
            {
                return false;
            }
        }

        chunk = chunk[i..];
        var split = FindIncompleteTail(chunk);
        if (!Utf8.IsValid(chunk[..split]))
        {
            return false;
        }

        var tail = chunk[split..];
        if (tail.IsEmpty)
        {
            return true;
        }

        if (!StartSequence(tail[0]))
        {
            return false;
        }

        for (var k = 1; k < tail.Length; k++)
        {
            if (!AcceptContinuation(tail[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where an unfinished multi-byte sequence begins at the end of <paramref name="chunk"/>, or its
    /// length when the chunk ends on a boundary (or the tail is invalid anyway, which IsValid will report).</summary>
    private static int FindIncompleteTail(ReadOnlySpan<byte> chunk)
    {
        var stop = Math.Max(0, chunk.Length - 3);
        for (var p = chunk.Length - 1; p >= stop; p--)
        {
            var b = chunk[p];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var sequenceLength = b switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            return sequenceLength > 0 && p + sequenceLength > chunk.Length ? p : chunk.Length;
        }

        return chunk.Length;
    }

    private bool StartSequence(byte lead)
    {
        (_pending, _nextMin, _nextMax) = lead switch
        {
            >= 0xC2 and <= 0xDF => (1, (byte)0x80, (byte)0xBF),
            0xE0 => (2, (byte)0xA0, (byte)0xBF),
            0xED => (2, (byte)0x80, (byte)0x9F),
            >= 0xE1 and <= 0xEF => (2, (byte)0x80, (byte)0xBF),
            0xF0 => (3, (byte)0x90, (byte)0xBF),
            >= 0xF1 and <= 0xF3 => (3, (byte)0x80, (byte)0xBF),
            0xF4 => (3, (byte)0x80, (byte)0x8F),
            _ => (0, (byte)0, (byte)0),
        };
        return _pending > 0;
    }

    private bool AcceptContinuation(byte b)
    {
        if (b < _nextMin || b > _nextMax)
        {
            return false;
        }

        _pending--;
        _nextMin = 0x80;
        _nextMax = 0xBF;
        return true;
    }
}
