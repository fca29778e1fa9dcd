using System.Globalization;
using Tusk.EngineIO;

namespace Tusk.SocketIO.Protocol;

/// <summary>
/// Turns Engine.IO messages back into packets: a text header, then as many binary messages as it announced.
/// Not thread-safe: one decoder per session receive loop.
/// </summary>
internal sealed class SocketIoPacketDecoder : ISocketIoPacketDecoder
{
    private readonly int _maxAttachments;
    private SocketIoPacket? _pending;
    private List<ReadOnlyMemory<byte>>? _attachments;

    public SocketIoPacketDecoder(int maxAttachments = 10) => _maxAttachments = maxAttachments;

    /// <summary>Whether a binary packet is waiting for attachments.</summary>
    public bool IsReconstructing => _pending is not null;

    /// <inheritdoc />
    public SocketIoPacket? Decode(EngineIOMessage message) =>
        message.IsBinary ? DecodeBinary(message.Binary) : DecodeText(message.Text ?? string.Empty);

    /// <summary>Decodes a text message; returns the packet, or <see langword="null"/> when attachments must follow.</summary>
    /// <exception cref="SocketIoProtocolException">The text is not a valid packet.</exception>
    public SocketIoPacket? DecodeText(string text)
    {
        if (_pending is not null)
        {
            throw new SocketIoProtocolException("Got a text packet while waiting for binary attachments.");
        }

        var packet = Parse(text, _maxAttachments);
        if (packet.AttachmentCount == 0)
        {
            return packet;
        }

        _pending = packet;
        _attachments = new List<ReadOnlyMemory<byte>>(packet.AttachmentCount);
        return null;
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

        // The message buffer may be pooled by the transport, so keep a copy.
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
    }

    /// <summary>Parses one text header (no attachments).</summary>
    /// <exception cref="SocketIoProtocolException">The text is not a valid packet.</exception>
    public static SocketIoPacket Parse(string text, int maxAttachments = 10)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[0] < '0' || text[0] > '6')
        {
            throw new SocketIoProtocolException($"Unknown Socket.IO packet type in '{Truncate(text)}'.");
        }

        var type = (SocketIoPacketType)(text[0] - '0');
        var position = 1;
        var attachments = 0;
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck or SocketIoPacketType.Ack)
        {
            var digitsEnd = SkipDigits(text, position);
            if (digitsEnd < text.Length && text[digitsEnd] == '-' && digitsEnd > position)
            {
                if (!int.TryParse(text.AsSpan(position, digitsEnd - position), NumberStyles.None, CultureInfo.InvariantCulture, out attachments))
                {
                    throw new SocketIoProtocolException("Illegal attachment count.");
                }

                position = digitsEnd + 1;
            }
            else if (type != SocketIoPacketType.Ack)
            {
                throw new SocketIoProtocolException($"Illegal attachments in '{Truncate(text)}'.");
            }
        }

        if (attachments > maxAttachments)
        {
            throw new SocketIoProtocolException($"Too many attachments: {attachments} (at most {maxAttachments}).");
        }

        var nsp = "/";
        if (position < text.Length && text[position] == '/')
        {
            var comma = text.IndexOf(',', position);
            var end = comma < 0 ? text.Length : comma;
            nsp = text[position..end];
            position = comma < 0 ? text.Length : comma + 1;
        }

        long? id = null;
        var idEnd = SkipDigits(text, position);
        if (idEnd > position)
        {
            if (!long.TryParse(text.AsSpan(position, idEnd - position), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedId))
            {
                throw new SocketIoProtocolException("Illegal ack id.");
            }

            id = parsedId;
            position = idEnd;
        }

        var payload = position < text.Length ? text[position..] : null;
        return new SocketIoPacket
        {
            Type = type,
            Namespace = nsp,
            Id = id,
            Payload = payload,
            AttachmentCount = attachments,
        };
    }

    private static int SkipDigits(string text, int position)
    {
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        return position;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
