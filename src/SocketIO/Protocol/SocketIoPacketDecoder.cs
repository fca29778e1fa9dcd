using System.Text;
using Tusk.EngineIO;

namespace Tusk.SocketIO.Protocol;

/// <summary>
/// Turns Engine.IO messages back into packets: a text header, then as many binary messages as it announced.
/// Not thread-safe: one decoder per session receive loop.
/// </summary>
internal sealed class SocketIoPacketDecoder : ISocketIoPacketDecoder
{
    private readonly int _maxAttachments;
    private readonly long _maxPacketBytes;
    private SocketIoPacket? _pending;
    private List<ReadOnlyMemory<byte>>? _attachments;
    private long _pendingBytes;

    /// <param name="maxAttachments">The most attachments one packet may announce.</param>
    /// <param name="maxPacketBytes">The most bytes one packet may take, its header and all its attachments together,
    /// so a binary packet's reconstruction is bounded in bytes as well as in count.</param>
    public SocketIoPacketDecoder(int maxAttachments = 10, long maxPacketBytes = long.MaxValue)
    {
        _maxAttachments = maxAttachments;
        _maxPacketBytes = maxPacketBytes;
    }

    /// <summary>Whether a binary packet is waiting for attachments.</summary>
    public bool IsReconstructing => _pending is not null;

    /// <inheritdoc />
    public SocketIoPacket? Decode(EngineIoMessage message) =>
        message.IsBinary ? DecodeBinary(message.Binary)
        : message.TryGetUtf8Text(out var utf8) ? DecodeUtf8(utf8)
        : DecodeText(message.Text ?? string.Empty);

    /// <summary>How many attachments the packet being reconstructed still waits for.</summary>
    public int MissingAttachments => _pending is null || _attachments is null ? 0 : _pending.AttachmentCount - _attachments.Count;

    /// <summary>Decodes a text message; returns the packet, or <see langword="null"/> when attachments must follow.</summary>
    /// <exception cref="SocketIoProtocolException">The text is not a valid packet.</exception>
    public SocketIoPacket? DecodeText(string text)
    {
        ThrowIfReconstructing();
        return AwaitAttachments(Parse(text, _maxAttachments), text.Length);
    }

    /// <summary>
    /// Decodes a text message from its UTF-8 bytes, as the built-in transports deliver it: the header is read from the
    /// bytes and the JSON payload stays UTF-8 (a slice of <paramref name="utf8"/>, which the message owns), so a large
    /// packet is never copied into UTF-16 on its way to the JSON parser.
    /// </summary>
    /// <exception cref="SocketIoProtocolException">The text is not a valid packet.</exception>
    public SocketIoPacket? DecodeUtf8(ReadOnlyMemory<byte> utf8)
    {
        ThrowIfReconstructing();
        if (ReusePackets)
        {
            var text = utf8.Span;
            var header = PacketHeader.Read(text, _maxAttachments);
            if (header.Error == PacketHeaderError.None && header.Attachments == 0)
            {
                var reused = _reused ??= new SocketIoPacket { Type = header.Type };
                reused.Refill(
                    header.Type,
                    header.HasNamespace ? Namespace(text[header.NamespaceStart..header.NamespaceEnd]) : "/",
                    header.Id,
                    header.PayloadStart < text.Length ? utf8[header.PayloadStart..] : null);
                return reused;
            }
        }

        return AwaitAttachments(ParseUtf8(utf8, _maxAttachments), utf8.Length);
    }

    /// <summary>
    /// Whether a text message without attachments is decoded into one packet object that this decoder reuses for the
    /// next such message, instead of a new packet each. Only for a consumer that is done with a packet before it decodes
    /// the next message, as the client's session is (it routes each packet before it receives again); default false,
    /// so a decoder from <see cref="SocketIoTextParser.CreateDecoder"/> returns packets that stay as they are.
    /// </summary>
    internal bool ReusePackets { get; set; }

    private SocketIoPacket? _reused;

    // The last namespace string, returned again while packets keep naming it.
    private string? _lastNamespace;

    private string Namespace(ReadOnlySpan<byte> utf8)
    {
        if (_lastNamespace is { } last && last.Length == utf8.Length && System.Text.Ascii.Equals(utf8, last))
        {
            return last;
        }

        return _lastNamespace = Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Parses one text header given as UTF-8 (no attachments); the payload is a slice of <paramref name="utf8"/>.</summary>
    /// <exception cref="SocketIoProtocolException">The text is not a valid packet.</exception>
    public static SocketIoPacket ParseUtf8(ReadOnlyMemory<byte> utf8, int maxAttachments = 10)
    {
        var text = utf8.Span;
        var header = PacketHeader.Read(text, maxAttachments);
        if (header.Error != PacketHeaderError.None)
        {
            throw header.ToException(maxAttachments, Truncate(text));
        }

        return new SocketIoPacket
        {
            Type = header.Type,
            Namespace = header.HasNamespace ? Encoding.UTF8.GetString(text[header.NamespaceStart..header.NamespaceEnd]) : "/",
            Id = header.Id,
            PayloadUtf8 = header.PayloadStart < text.Length ? utf8[header.PayloadStart..] : null,
            AttachmentCount = header.Attachments,
        };
    }

    /// <summary>Adds one attachment; returns the completed packet after the last one.</summary>
    /// <exception cref="SocketIoProtocolException">No packet is waiting for attachments.</exception>
    public SocketIoPacket? DecodeBinary(ReadOnlyMemory<byte> data)
    {
        if (_pending is null || _attachments is null)
        {
            // What a server with a binary parser (socket.io-msgpack-parser) sends first: say so.
            throw new SocketIoProtocolException(
                "Got binary data while no packet was waiting for attachments. If the server uses a custom parser such as " +
                "socket.io-msgpack-parser, set SocketIoClientOptions.Parser to the same format.");
        }

        _pendingBytes += data.Length;
        if (_pendingBytes > _maxPacketBytes)
        {
            var announced = _pending.AttachmentCount;
            Reset();
            throw new SocketIoProtocolException(
                $"A binary packet with {announced} attachment(s) exceeds {_maxPacketBytes} bytes (MaxReceiveSize) before its last attachment arrived.");
        }

        // The message buffer may be pooled by the transport (the decoder contract), so keep a copy.
        _attachments.Add(data.ToArray());
        if (_attachments.Count < _pending.AttachmentCount)
        {
            return null;
        }

        var complete = _pending with { Attachments = _attachments };
        Reset();
        return complete;
    }

    /// <summary>Drops a half-received packet (on connection loss, so a new session starts clean).</summary>
    public void Reset()
    {
        _pending = null;
        _attachments = null;
        _pendingBytes = 0;
    }

    /// <summary>Parses one text header (no attachments).</summary>
    /// <exception cref="SocketIoProtocolException">The text is not a valid packet.</exception>
    public static SocketIoPacket Parse(string text, int maxAttachments = 10)
    {
        ArgumentNullException.ThrowIfNull(text);
        var header = PacketHeader.Read(text.AsSpan(), maxAttachments);
        if (header.Error != PacketHeaderError.None)
        {
            throw header.ToException(maxAttachments, Truncate(text));
        }

        return new SocketIoPacket
        {
            Type = header.Type,
            Namespace = header.HasNamespace ? text[header.NamespaceStart..header.NamespaceEnd] : "/",
            Id = header.Id,
            Payload = header.PayloadStart < text.Length ? text[header.PayloadStart..] : null,
            AttachmentCount = header.Attachments,
        };
    }

    private void ThrowIfReconstructing()
    {
        if (_pending is not null)
        {
            throw new SocketIoProtocolException("Got a text packet while waiting for binary attachments.");
        }
    }

    /// <summary>The packet itself, or <see langword="null"/> while it waits for the attachments it announced.</summary>
    private SocketIoPacket? AwaitAttachments(SocketIoPacket packet, int textLength)
    {
        if (packet.AttachmentCount == 0)
        {
            return packet;
        }

        // The header's bytes may lie in a buffer the transport reuses once the next message is received (the decoder
        // contract), and the attachments come in later messages: keep a copy.
        _pending = packet.PayloadUtf8 is { } utf8 ? packet with { PayloadUtf8 = utf8.ToArray() } : packet;
        _attachments = new List<ReadOnlyMemory<byte>>(packet.AttachmentCount);
        _pendingBytes = textLength;
        return null;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static string Truncate(ReadOnlySpan<byte> utf8) => utf8.Length <= 64 ? Encoding.UTF8.GetString(utf8) : Encoding.UTF8.GetString(utf8[..64]) + "…";
}
