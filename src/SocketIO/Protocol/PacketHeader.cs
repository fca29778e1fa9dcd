using System.Numerics;

namespace Tusk.SocketIO.Protocol;

/// <summary>What is wrong with a packet header, if anything (<see cref="PacketHeader.ToException"/> says it).</summary>
internal enum PacketHeaderError
{
    None,
    UnknownType,
    IllegalAttachmentCount,
    IllegalAttachments,
    TooManyAttachments,
    IllegalAckId,
}

/// <summary>
/// The header of a socket.io-parser text packet, <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;id&gt;]</c>, as positions
/// in the text. The header is ASCII, so it reads the same from UTF-16 (<see cref="char"/>) and from UTF-8
/// (<see cref="byte"/>): one reader serves both, and each caller cuts its namespace and payload from its own text.
/// </summary>
internal readonly record struct PacketHeader(
    PacketHeaderError Error,
    SocketIoPacketType Type,
    int Attachments,
    int NamespaceStart,
    int NamespaceEnd,
    long? Id,
    int PayloadStart)
{
    /// <summary>Whether the text names a namespace (<c>/…,</c>); otherwise the packet is for <c>/</c>.</summary>
    public bool HasNamespace => NamespaceStart >= 0;

    /// <summary>Reads the header of <paramref name="text"/>; a malformed one comes back with its <see cref="Error"/>.</summary>
    public static PacketHeader Read<TChar>(ReadOnlySpan<TChar> text, int maxAttachments)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        if (text.Length == 0 || Code(text[0]) is < '0' or > '6')
        {
            return Failed(PacketHeaderError.UnknownType);
        }

        var type = (SocketIoPacketType)(Code(text[0]) - '0');
        var position = 1;
        var attachments = 0;
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck or SocketIoPacketType.Ack)
        {
            var digitsEnd = SkipDigits(text, position);
            if (digitsEnd < text.Length && Code(text[digitsEnd]) == '-' && digitsEnd > position)
            {
                if (!TryParseDigits(text[position..digitsEnd], int.MaxValue, out var count))
                {
                    return Failed(PacketHeaderError.IllegalAttachmentCount);
                }

                attachments = (int)count;
                position = digitsEnd + 1;
            }
            else if (type != SocketIoPacketType.Ack)
            {
                return Failed(PacketHeaderError.IllegalAttachments);
            }
        }

        if (attachments > maxAttachments)
        {
            return Failed(PacketHeaderError.TooManyAttachments) with { Attachments = attachments };
        }

        int namespaceStart = -1, namespaceEnd = -1;
        if (position < text.Length && Code(text[position]) == '/')
        {
            var comma = text[position..].IndexOf(TChar.CreateTruncating(','));
            namespaceStart = position;
            namespaceEnd = comma < 0 ? text.Length : position + comma;
            position = comma < 0 ? text.Length : namespaceEnd + 1;
        }

        long? id = null;
        var idEnd = SkipDigits(text, position);
        if (idEnd > position)
        {
            if (!TryParseDigits(text[position..idEnd], long.MaxValue, out var parsedId))
            {
                return Failed(PacketHeaderError.IllegalAckId);
            }

            id = parsedId;
            position = idEnd;
        }

        return new PacketHeader(PacketHeaderError.None, type, attachments, namespaceStart, namespaceEnd, id, position);
    }

    /// <summary>The exception for <see cref="Error"/>; <paramref name="truncatedText"/> is the start of the text, for the message.</summary>
    public SocketIoProtocolException ToException(int maxAttachments, string truncatedText) => Error switch
    {
        PacketHeaderError.UnknownType => new($"Unknown Socket.IO packet type in '{truncatedText}'."),
        PacketHeaderError.IllegalAttachmentCount => new("Illegal attachment count."),
        PacketHeaderError.IllegalAttachments => new($"Illegal attachments in '{truncatedText}'."),
        PacketHeaderError.TooManyAttachments => new($"Too many attachments: {Attachments} (at most {maxAttachments})."),
        _ => new("Illegal ack id."),
    };

    private static PacketHeader Failed(PacketHeaderError error) => new(error, default, 0, -1, -1, null, 0);

    private static int Code<TChar>(TChar c)
        where TChar : unmanaged, IBinaryInteger<TChar> => int.CreateTruncating(c);

    private static int SkipDigits<TChar>(ReadOnlySpan<TChar> text, int position)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        while (position < text.Length && (uint)(Code(text[position]) - '0') <= 9)
        {
            position++;
        }

        return position;
    }

    /// <summary>An unsigned decimal number of ASCII digits only, as <c>TryParse</c> with <c>NumberStyles.None</c> reads
    /// it: <see langword="false"/> when it exceeds <paramref name="max"/>.</summary>
    private static bool TryParseDigits<TChar>(ReadOnlySpan<TChar> digits, long max, out long value)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        value = 0;
        foreach (var c in digits)
        {
            var digit = Code(c) - '0';
            if (value > (max - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
