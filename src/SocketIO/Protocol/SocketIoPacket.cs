using System.Text;

namespace Tusk.SocketIO.Protocol;

/// <summary>
/// One Socket.IO packet as the client and its parser (<see cref="ISocketIoParser"/>) see it, independent of how it is
/// framed on the wire.
/// </summary>
/// <remarks>
/// <see cref="Payload"/> is the packet's data as JSON text: the arguments array of an EVENT (event name first) or ACK,
/// the auth or handshake object of a CONNECT, the error string or object of a CONNECT_ERROR. Binary values in it are
/// <c>{"_placeholder":true,"num":N}</c> objects referring to <see cref="Attachments"/>[N], as in socket.io-parser; a
/// parser that carries binary natively (msgpack) turns placeholders into binary values when encoding and binary values
/// into placeholders when decoding.
/// <para>Thread safety: immutable; safe to read from any thread.</para>
/// </remarks>
public sealed record SocketIoPacket
{
    /// <summary>The packet type. The client sends and expects <see cref="SocketIoPacketType.Event"/> and
    /// <see cref="SocketIoPacketType.Ack"/> whether or not there are attachments; the default text parser writes the
    /// BINARY_ variants itself.</summary>
    public required SocketIoPacketType Type
    {
        get => _type;
        init => (_type, _headerRoom) = (value, 0);
    }

    /// <summary>The namespace, <c>/</c> or e.g. <c>/admin</c>.</summary>
    public string Namespace
    {
        get => _namespace;
        init => (_namespace, _headerRoom) = (value, 0);
    }

    /// <summary>
    /// Protocol v3/v4 (socket.io 1.x/2.x) only: the query of a CONNECT, which the text parser appends to the namespace
    /// (<c>/admin?token=x,</c>); without the <c>?</c>. <see langword="null"/> otherwise.
    /// </summary>
    public string? Query
    {
        get => _query;
        init => (_query, _headerRoom) = (value, 0);
    }

    /// <summary>The ack id: on an EVENT the server is asked to acknowledge, on an ACK the id it answers.</summary>
    public long? Id
    {
        get => _hasId ? _id : (long?)null;
        init => (_id, _hasId, _headerRoom) = (value.GetValueOrDefault(), value.HasValue, 0);
    }

    // The payload is held either as the string it was given as, or as the UTF-8 bytes it arrived in (the default parser
    // over the built-in transports), never both: setting one clears the other, so `packet with { Payload = … }` never
    // leaves stale bytes behind.
    private string? _payload;
    // Not nullable types (a flag each instead): the packet is made once per emit and per received message, and
    // Nullable<T> fields pad it by 16 bytes.
    private ReadOnlyMemory<byte> _payloadUtf8;
    private bool _hasPayloadUtf8;

    private SocketIoPacketType _type;
    private string _namespace = "/";
    private string? _query;
    private long _id;
    private bool _hasId;
    private IReadOnlyList<ReadOnlyMemory<byte>> _attachments = [];
    private int _attachmentCount;
    private bool _compress = true;
    private int _headerRoom;

    /// <summary>The data as JSON text (see the remarks), or <see langword="null"/> for a packet without data.</summary>
    /// <remarks>A packet the default parser decoded from UTF-8 makes this string on each read; the client itself reads
    /// the bytes.</remarks>
    public string? Payload
    {
        get => _payload ?? (_hasPayloadUtf8 ? Encoding.UTF8.GetString(_payloadUtf8.Span) : null);
        init
        {
            _payload = value;
            _payloadUtf8 = default;
            _hasPayloadUtf8 = false;
            _headerRoom = 0;
        }
    }

    /// <summary>The payload as the UTF-8 bytes it arrived in, when the decoder kept them (the client's JSON parser reads
    /// them directly, so a large payload is never held as UTF-16); <see langword="null"/> otherwise.</summary>
    internal ReadOnlyMemory<byte>? PayloadUtf8
    {
        get => _hasPayloadUtf8 ? _payloadUtf8 : (ReadOnlyMemory<byte>?)null; // the cast: null alone would become an empty memory (byte[] conversion)
        init
        {
            _payloadUtf8 = value.GetValueOrDefault();
            _hasPayloadUtf8 = value.HasValue;
            _payload = null;
            _headerRoom = 0;
        }
    }

    /// <summary>
    /// How many bytes in front of <see cref="PayloadUtf8"/>, in the same array, are free for the text header: the
    /// client serializes an emit's arguments with room for it, so the default encoder writes the header there and
    /// sends header and payload as one message without copying the payload (<see cref="SocketIoPacketEncoder.EncodeUtf8"/>).
    /// Set last in an initializer: setting any other property of the packet (also in a <c>with</c> expression) sets it
    /// back to 0, so a packet copied with other contents never writes its header into the array of the one it was
    /// copied from.
    /// </summary>
    internal int HeaderRoom
    {
        get => _headerRoom;
        init => _headerRoom = value;
    }

    /// <summary>The binary values the placeholders in <see cref="Payload"/> refer to, in placeholder order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments
    {
        get => _attachments;
        init => (_attachments, _headerRoom) = (value, 0);
    }

    /// <summary>How many attachments the text header announced (equals <see cref="Attachments"/>.Count once complete).</summary>
    internal int AttachmentCount
    {
        get => _attachmentCount;
        init => (_attachmentCount, _headerRoom) = (value, 0);
    }

    /// <summary>Whether the transport may compress the messages of this packet (JS <c>socket.compress(…)</c>).</summary>
    internal bool Compress
    {
        get => _compress;
        init => (_compress, _headerRoom) = (value, 0);
    }

    /// <summary>
    /// Makes this packet a received one without attachments, as a new packet with these values would be: for the
    /// default decoder's reused packet (<see cref="SocketIoPacketDecoder.ReusePackets"/>), which the session's only
    /// consumer handles before it receives the next.
    /// </summary>
    internal void Refill(SocketIoPacketType type, string @namespace, long? id, ReadOnlyMemory<byte>? payloadUtf8)
    {
        _type = type;
        _namespace = @namespace;
        _query = null;
        _id = id.GetValueOrDefault();
        _hasId = id.HasValue;
        _payload = null;
        _payloadUtf8 = payloadUtf8.GetValueOrDefault();
        _hasPayloadUtf8 = payloadUtf8.HasValue;
        _attachments = [];
        _attachmentCount = 0;
        _compress = true;
        _headerRoom = 0;
    }

    /// <summary>Compares by content: a payload held as UTF-8 equals the same payload held as a string.</summary>
    /// <param name="other">The other packet.</param>
    /// <returns>Whether both packets carry the same type, namespace, query, id and payload, the same attachments list
    /// and the same flags.</returns>
    public bool Equals(SocketIoPacket? other) =>
        other is not null && Type == other.Type && Namespace == other.Namespace && Query == other.Query && Id == other.Id
        && PayloadEquals(other) && ReferenceEquals(Attachments, other.Attachments)
        && AttachmentCount == other.AttachmentCount && Compress == other.Compress;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Namespace, Query, Id, Attachments);

    private bool PayloadEquals(SocketIoPacket other) =>
        _hasPayloadUtf8 && other._hasPayloadUtf8
            ? _payloadUtf8.Span.SequenceEqual(other._payloadUtf8.Span)
            : string.Equals(Payload, other.Payload, StringComparison.Ordinal);
}
