using System.Buffers.Binary;
using System.Text;

namespace Tusk.Transport.WebSocket.Framing;

/// <summary>Encodes and validates close-frame bodies (RFC 6455 §5.5.1, §7.4).</summary>
internal static class ClosePayload
{
    /// <summary>The longest reason that fits a control frame after the 2-byte code.</summary>
    public const int MaxReasonBytes = FrameHeader.MaxControlPayload - 2;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a received close body.</summary>
    /// <returns>0 when valid, otherwise the close code to fail the connection with; <paramref name="error"/> says why.</returns>
    public static int TryParse(ReadOnlySpan<byte> payload, out int code, out string? reason, out string? error)
    {
        code = WebSocketCloseCodes.NoStatusReceived;
        reason = null;
        error = null;
        if (payload.IsEmpty)
        {
            return 0;
        }

        if (payload.Length == 1)
        {
            error = "The close frame body is 1 byte; a close code needs 2.";
            return WebSocketCloseCodes.ProtocolError;
        }

        code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!WebSocketCloseCodes.IsValidOnWire(code))
        {
            error = $"The close code {code} may not be sent on the wire.";
            return WebSocketCloseCodes.ProtocolError;
        }

        try
        {
            reason = s_strictUtf8.GetString(payload[2..]);
        }
        catch (DecoderFallbackException)
        {
            error = "The close reason is not valid UTF-8.";
            return WebSocketCloseCodes.InvalidPayloadData;
        }

        return 0;
    }

    /// <summary>The body length for a close with this reason; throws when the reason is too long.</summary>
    public static int GetLength(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return 2;
        }

        var bytes = Encoding.UTF8.GetByteCount(reason);
        if (bytes > MaxReasonBytes)
        {
            throw new ArgumentException($"The close reason is {bytes} UTF-8 bytes; at most {MaxReasonBytes} fit a close frame.", nameof(reason));
        }

        return 2 + bytes;
    }

    /// <summary>Writes the code and reason.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, int code, string? reason)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)code);
        return string.IsNullOrEmpty(reason) ? 2 : 2 + Encoding.UTF8.GetBytes(reason, destination[2..]);
    }
}
