namespace Tusk.EngineIO;

/// <summary>
/// One Engine.IO packet: a type and an optional text or binary payload. Transports move packets; the codecs of each
/// revision turn them into bytes.
/// </summary>
public readonly struct EngineIOPacket : IEquatable<EngineIOPacket>
{
    /// <summary>Creates a packet with a text payload (which may be null for packets without data).</summary>
    /// <param name="type">The packet type.</param>
    /// <param name="text">The text after the type digit, or null.</param>
    public EngineIOPacket(EngineIOPacketType type, string? text = null)
    {
        Type = type;
        Text = text;
        Binary = ReadOnlyMemory<byte>.Empty;
        IsBinary = false;
    }

    /// <summary>Creates a packet with a binary payload.</summary>
    /// <param name="type">The packet type (always <see cref="EngineIOPacketType.Message"/> in practice).</param>
    /// <param name="binary">The bytes.</param>
    public EngineIOPacket(EngineIOPacketType type, ReadOnlyMemory<byte> binary)
    {
        Type = type;
        Text = null;
        Binary = binary;
        IsBinary = true;
    }

    private EngineIOPacket(EngineIOPacketType type, string? text, ReadOnlyMemory<byte> binary, bool isBinary, bool noCompression)
    {
        Type = type;
        Text = text;
        Binary = binary;
        IsBinary = isBinary;
        _noCompression = noCompression;
    }

    // Stored inverted so that every packet, default(EngineIOPacket) included, may be compressed unless said otherwise.
    private readonly bool _noCompression;

    /// <summary>
    /// Whether a transport that compresses (WebSocket with permessage-deflate) may compress this packet. Not part of the
    /// packet's content: equality ignores it.
    /// </summary>
    public bool Compress => !_noCompression;

    /// <summary>The packet type.</summary>
    public EngineIOPacketType Type { get; }

    /// <summary>The text payload (what follows the type digit), or null when the packet is binary or has no data.</summary>
    public string? Text { get; }

    /// <summary>The binary payload; empty unless <see cref="IsBinary"/>.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    /// <summary>True when the payload is binary.</summary>
    public bool IsBinary { get; }

    /// <summary>This packet, marked to be sent uncompressed (JS <c>socket.send(data, { compress: false })</c>).</summary>
    /// <returns>A copy with <see cref="Compress"/> false.</returns>
    public EngineIOPacket WithoutCompression() => new(Type, Text, Binary, IsBinary, noCompression: true);

    /// <summary>A text message packet.</summary>
    /// <param name="text">The message text.</param>
    public static EngineIOPacket Message(string text) => new(EngineIOPacketType.Message, text);

    /// <summary>A binary message packet.</summary>
    /// <param name="binary">The message bytes.</param>
    public static EngineIOPacket Message(ReadOnlyMemory<byte> binary) => new(EngineIOPacketType.Message, binary);

    /// <inheritdoc />
    public bool Equals(EngineIOPacket other) =>
        Type == other.Type && IsBinary == other.IsBinary
        && string.Equals(Text, other.Text, StringComparison.Ordinal) && Binary.Span.SequenceEqual(other.Binary.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EngineIOPacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, IsBinary, Text, Binary.Length);

    /// <inheritdoc />
    public override string ToString() =>
        IsBinary ? $"{Type} <{Binary.Length} bytes>" : Text is null ? Type.ToString() : $"{Type} {Text}";

    /// <summary>Compares two packets by content.</summary>
    public static bool operator ==(EngineIOPacket left, EngineIOPacket right) => left.Equals(right);

    /// <summary>Compares two packets by content.</summary>
    public static bool operator !=(EngineIOPacket left, EngineIOPacket right) => !left.Equals(right);
}
