namespace Tusk.EngineIO;

/// <summary>An application message carried by an Engine.IO <c>message</c> packet: either text or binary.</summary>
public readonly struct EngineIOMessage : IEquatable<EngineIOMessage>
{
    private EngineIOMessage(string? text, ReadOnlyMemory<byte> binary, bool isBinary, bool hasMoreInBatch = false)
    {
        Text = text;
        Binary = binary;
        IsBinary = isBinary;
        HasMoreInBatch = hasMoreInBatch;
    }

    /// <summary>True for a binary message (<see cref="Binary"/>), false for a text message (<see cref="Text"/>).</summary>
    public bool IsBinary { get; }

    /// <summary>The text of a text message; null for a binary message.</summary>
    public string? Text { get; }

    /// <summary>The bytes of a binary message (owned by the receiver); empty for a text message.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    /// <summary>
    /// True when the transport delivered more messages together with this one (several packets in one long-polling
    /// response), which follow at once. A consumer may hold back per-message work, such as waking another thread,
    /// until a message where this is false. Not part of the message's content: equality ignores it.
    /// </summary>
    public bool HasMoreInBatch { get; }

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text.</param>
    public static EngineIOMessage FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new EngineIOMessage(text, ReadOnlyMemory<byte>.Empty, isBinary: false);
    }

    /// <summary>Creates a binary message.</summary>
    /// <param name="binary">The bytes; the message keeps a reference to them.</param>
    public static EngineIOMessage FromBinary(ReadOnlyMemory<byte> binary) => new(null, binary, isBinary: true);

    /// <summary>This message, marked as followed by more in the same transport batch.</summary>
    internal EngineIOMessage FollowedInBatch() => new(Text, Binary, IsBinary, hasMoreInBatch: true);

    /// <inheritdoc />
    public bool Equals(EngineIOMessage other) =>
        IsBinary == other.IsBinary && string.Equals(Text, other.Text, StringComparison.Ordinal) && Binary.Span.SequenceEqual(other.Binary.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EngineIOMessage other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => IsBinary ? Binary.Length : StringComparer.Ordinal.GetHashCode(Text ?? string.Empty);

    /// <inheritdoc />
    public override string ToString() => IsBinary ? $"<{Binary.Length} bytes>" : Text ?? string.Empty;

    /// <summary>Compares two messages by content.</summary>
    public static bool operator ==(EngineIOMessage left, EngineIOMessage right) => left.Equals(right);

    /// <summary>Compares two messages by content.</summary>
    public static bool operator !=(EngineIOMessage left, EngineIOMessage right) => !left.Equals(right);
}
