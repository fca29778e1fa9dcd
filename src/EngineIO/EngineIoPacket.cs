using System.Text;

namespace Tusk.EngineIO;

/// <summary>
/// One Engine.IO packet: a type and an optional text or binary payload. Transports move packets; the codecs of each
/// revision turn them into bytes.
/// </summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public readonly struct EngineIoPacket : IEquatable<EngineIoPacket>
{
    /// <summary>Creates a packet with a text payload (which may be null for packets without data).</summary>
    /// <param name="type">The packet type.</param>
    /// <param name="text">The text after the type digit, or null.</param>
    public EngineIoPacket(EngineIoPacketType type, string? text = null)
    {
        Type = type;
        _text = text;
    }

    /// <summary>Creates a packet with a binary payload.</summary>
    /// <param name="type">The packet type (always <see cref="EngineIoPacketType.Message"/> in practice).</param>
    /// <param name="binary">The bytes.</param>
    public EngineIoPacket(EngineIoPacketType type, ReadOnlyMemory<byte> binary)
    {
        Type = type;
        _data = binary;
        _form = DataForm.Binary;
    }

    private EngineIoPacket(EngineIoPacketType type, string? text, ReadOnlyMemory<byte> data, DataForm form, bool noCompression, bool pooled = false)
    {
        Type = type;
        _text = text;
        _data = data;
        _form = form;
        _noCompression = noCompression;
        IsPooled = pooled;
    }

    // A text payload is a string, or (as the built-in codecs decode messages) the UTF-8 bytes as received, so that a
    // large message is never held twice, once as bytes and once as UTF-16.
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly DataForm _form;

    // Stored inverted so that every packet, default(EngineIoPacket) included, may be compressed unless said otherwise.
    private readonly bool _noCompression;

    private enum DataForm : byte
    {
        Text,
        Binary,
        Utf8Text,
    }

    /// <summary>
    /// Whether a transport that compresses (WebSocket with permessage-deflate) may compress this packet. Not part of the
    /// packet's content: equality ignores it.
    /// </summary>
    public bool Compress => !_noCompression;

    /// <summary>The packet type.</summary>
    public EngineIoPacketType Type { get; }

    /// <summary>The text payload (what follows the type digit), or null when the packet is binary or has no data. A
    /// message decoded by the built-in codecs keeps its UTF-8 bytes, and this decodes them on every read.</summary>
    public string? Text => _form == DataForm.Utf8Text ? Encoding.UTF8.GetString(_data.Span) : _text;

    /// <summary>The binary payload; empty unless <see cref="IsBinary"/>.</summary>
    public ReadOnlyMemory<byte> Binary => _form == DataForm.Binary ? _data : ReadOnlyMemory<byte>.Empty;

    /// <summary>True when the payload is binary.</summary>
    public bool IsBinary => _form == DataForm.Binary;

    /// <summary>The payload's size in bytes (UTF-8 for text; counted for a string payload, so only for metrics).</summary>
    internal long PayloadByteCount => _form == DataForm.Text ? (_text is null ? 0 : Encoding.UTF8.GetByteCount(_text)) : _data.Length;

    /// <summary>This packet, marked to be sent uncompressed (JS <c>socket.send(data, { compress: false })</c>).</summary>
    /// <returns>A copy with <see cref="Compress"/> false.</returns>
    public EngineIoPacket WithoutCompression() => new(Type, _text, _data, _form, noCompression: true);

    /// <summary>A text packet given as its UTF-8 bytes, which it keeps (no copy).</summary>
    internal static EngineIoPacket FromUtf8(EngineIoPacketType type, ReadOnlyMemory<byte> utf8) => new(type, null, utf8, DataForm.Utf8Text, noCompression: false);

    /// <summary>A received text packet whose UTF-8 bytes start an array rented from the shared pool
    /// (<see cref="EngineIoClientOptions.ReuseReceiveBuffers"/>); the client returns the array once its reader is past it.</summary>
    internal static EngineIoPacket FromPooledUtf8(EngineIoPacketType type, ReadOnlyMemory<byte> utf8) => new(type, null, utf8, DataForm.Utf8Text, noCompression: false, pooled: true);

    /// <summary>Whether the UTF-8 bytes lie in an array rented from the shared pool (see <see cref="FromPooledUtf8"/>).</summary>
    internal bool IsPooled { get; }

    /// <summary>The UTF-8 bytes of a text packet that holds them (see <see cref="FromUtf8"/>).</summary>
    internal bool TryGetUtf8Text(out ReadOnlyMemory<byte> utf8)
    {
        utf8 = _form == DataForm.Utf8Text ? _data : default;
        return _form == DataForm.Utf8Text;
    }

    /// <summary>A text message packet.</summary>
    /// <param name="text">The message text.</param>
    public static EngineIoPacket Message(string text) => new(EngineIoPacketType.Message, text);

    /// <summary>A binary message packet.</summary>
    /// <param name="binary">The message bytes.</param>
    public static EngineIoPacket Message(ReadOnlyMemory<byte> binary) => new(EngineIoPacketType.Message, binary);

    /// <inheritdoc />
    public bool Equals(EngineIoPacket other) =>
        Type == other.Type && IsBinary == other.IsBinary && (IsBinary
            ? Binary.Span.SequenceEqual(other.Binary.Span)
            : TryGetUtf8Text(out var mine) && other.TryGetUtf8Text(out var theirs)
                ? mine.Span.SequenceEqual(theirs.Span)
                : string.Equals(Text, other.Text, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EngineIoPacket other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, IsBinary, Text, Binary.Length);

    /// <inheritdoc />
    public override string ToString() =>
        IsBinary ? $"{Type} <{Binary.Length} bytes>" : Text is null ? Type.ToString() : $"{Type} {Text}";

    /// <summary>Compares two packets by content.</summary>
    public static bool operator ==(EngineIoPacket left, EngineIoPacket right) => left.Equals(right);

    /// <summary>Compares two packets by content.</summary>
    public static bool operator !=(EngineIoPacket left, EngineIoPacket right) => !left.Equals(right);
}
