using System.Text;

namespace Tusk.EngineIO;

/// <summary>An application message carried by an Engine.IO <c>message</c> packet: either text or binary.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public readonly struct EngineIoMessage : IEquatable<EngineIoMessage>
{
    private EngineIoMessage(string? text, ReadOnlyMemory<byte> binary, bool isBinary, bool hasMoreInBatch = false, bool isUtf8Text = false, bool isPooled = false)
    {
        _text = text;
        _data = binary;
        IsBinary = isBinary;
        HasMoreInBatch = hasMoreInBatch;
        _isUtf8Text = isUtf8Text;
        _isPooled = isPooled;
    }

    // A text message holds a string, or its UTF-8 bytes as received (the built-in transports deliver text that way, so
    // a large message is not held as UTF-16 too); binary messages hold their bytes.
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _isUtf8Text;

    // The UTF-8 bytes lie at the start of an array rented from the shared pool by a built-in transport
    // (EngineIoClientOptions.ReuseReceiveBuffers): the client returns it once its reader has moved past the message.
    private readonly bool _isPooled;

    /// <summary>True for a binary message (<see cref="Binary"/>), false for a text message (<see cref="Text"/>).</summary>
    public bool IsBinary { get; }

    /// <summary>The text of a text message; null for a binary message. A message created from UTF-8 bytes
    /// (<see cref="FromUtf8Text"/>; the built-in transports deliver text that way) decodes them on every read: keep the
    /// string, or read <see cref="TryGetUtf8Text"/> instead.</summary>
    public string? Text => _isUtf8Text ? Encoding.UTF8.GetString(_data.Span) : _text;

    /// <summary>The bytes of a binary message (owned by the receiver); empty for a text message.</summary>
    public ReadOnlyMemory<byte> Binary => IsBinary ? _data : ReadOnlyMemory<byte>.Empty;

    /// <summary>
    /// True when the transport delivered more messages together with this one (several packets in one long-polling
    /// response), which follow at once. A consumer may hold back per-message work, such as waking another thread,
    /// until a message where this is false. Not part of the message's content: equality ignores it.
    /// </summary>
    public bool HasMoreInBatch { get; }

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text.</param>
    public static EngineIoMessage FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new EngineIoMessage(text, ReadOnlyMemory<byte>.Empty, isBinary: false);
    }

    /// <summary>Creates a text message from its UTF-8 bytes, which the message keeps (no copy); they must be valid UTF-8.</summary>
    /// <param name="utf8">The text as UTF-8.</param>
    public static EngineIoMessage FromUtf8Text(ReadOnlyMemory<byte> utf8) => new(null, utf8, isBinary: false, isUtf8Text: true);

    /// <summary>The UTF-8 bytes of a text message that holds them (see <see cref="FromUtf8Text"/>), without decoding.</summary>
    /// <param name="utf8">The bytes (owned by the receiver), or empty.</param>
    /// <returns>True for a text message created from UTF-8 bytes; false for a binary message or one created from a string.</returns>
    public bool TryGetUtf8Text(out ReadOnlyMemory<byte> utf8)
    {
        utf8 = _isUtf8Text ? _data : default;
        return _isUtf8Text;
    }

    /// <summary>Creates a binary message.</summary>
    /// <param name="binary">The bytes; the message keeps a reference to them.</param>
    public static EngineIoMessage FromBinary(ReadOnlyMemory<byte> binary) => new(null, binary, isBinary: true);

    /// <summary>The bytes this message counts against <see cref="EngineIoClientOptions.ReceiveBufferMaxBytes"/>: its
    /// UTF-8 or binary bytes (a text given as a string, its length).</summary>
    internal long QueuedSize => _text is { } text ? text.Length : _data.Length;

    /// <summary>Whether this is the default value, which no message is: the session's receive queue uses it to wake a
    /// waiting reader whose token was cancelled, and every read skips it.</summary>
    internal bool IsWakeUp => !IsBinary && !_isUtf8Text && _text is null;

    /// <summary>This message, marked as followed by more in the same transport batch.</summary>
    internal EngineIoMessage FollowedInBatch() => new(_text, _data, IsBinary, hasMoreInBatch: true, _isUtf8Text, _isPooled);

    /// <summary>A text message whose UTF-8 bytes start an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>,
    /// which the client returns once its reader has moved past the message (see <see cref="PooledArray"/>).</summary>
    internal static EngineIoMessage FromPooledUtf8Text(ReadOnlyMemory<byte> utf8) => new(null, utf8, isBinary: false, isUtf8Text: true, isPooled: true);

    /// <summary>The pooled array this message's bytes lie in, or null when the message owns its bytes.</summary>
    internal byte[]? PooledArray => _isPooled && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_data, out var segment) ? segment.Array : null;

    /// <inheritdoc />
    public bool Equals(EngineIoMessage other) =>
        IsBinary == other.IsBinary && (IsBinary
            ? Binary.Span.SequenceEqual(other.Binary.Span)
            : _isUtf8Text && other._isUtf8Text
                ? _data.Span.SequenceEqual(other._data.Span)
                : string.Equals(Text, other.Text, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EngineIoMessage other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => IsBinary ? Binary.Length : StringComparer.Ordinal.GetHashCode(Text ?? string.Empty);

    /// <inheritdoc />
    public override string ToString() => IsBinary ? $"<{Binary.Length} bytes>" : Text ?? string.Empty;

    /// <summary>Compares two messages by content.</summary>
    public static bool operator ==(EngineIoMessage left, EngineIoMessage right) => left.Equals(right);

    /// <summary>Compares two messages by content.</summary>
    public static bool operator !=(EngineIoMessage left, EngineIoMessage right) => !left.Equals(right);
}
