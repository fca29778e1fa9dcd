using System.Globalization;
using System.Text;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>Reads an HTTP/1.1 response head from a stream, bounded in size; bytes after the head (already frame
/// data after a 101) are kept for the caller.</summary>
internal static class HttpHeadReader
{
    /// <summary>The longest head accepted; a server sending more is hostile or broken.</summary>
    public const int MaxHeadLength = 16 * 1024;

    private const int MaxBodyLength = 64 * 1024;

    // A refusal's body only decorates the exception: do not wait long for a server that never ends it.
    private static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Reads up to and including the empty line.</summary>
    /// <returns>The parsed head and the bytes that followed it in the same reads.</returns>
    public static async Task<(HttpResponseHead Head, byte[] Leftover)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = BufferPool.Rent(MaxHeadLength + 4096);
        try
        {
            var length = 0;
            var searchFrom = 0;
            while (true)
            {
                var end = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    end += searchFrom;
                    var head = HttpResponseHead.Parse(buffer.AsSpan(0, end));
                    return (head, buffer.AsSpan(end + 4, length - end - 4).ToArray());
                }

                if (length >= MaxHeadLength)
                {
                    throw new WebSocketHandshakeException($"The server's response head exceeds {MaxHeadLength} bytes.");
                }

                searchFrom = Math.Max(0, length - 3);
                var read = await stream.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new WebSocketHandshakeException("The server closed the connection before completing the HTTP response head.");
                }

                length += read;
            }
        }
        finally
        {
            BufferPool.Return(buffer);
        }
    }

    /// <summary>Reads the start of a non-101 response body for the error report (Content-Length, or until the
    /// server closes; at most 64 KiB, within the caller's deadline and <see cref="BodyReadTimeout"/> on
    /// <paramref name="timeProvider"/>'s clock).</summary>
    public static async Task<string?> ReadBodyAsync(Stream stream, HttpResponseHead head, byte[] alreadyRead, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        long expected = MaxBodyLength;
        if (head.GetCombined("Content-Length") is { } lengthText &&
            long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var contentLength))
        {
            expected = Math.Min(contentLength, MaxBodyLength);
        }
        else if (head.GetCombined("Transfer-Encoding") is not null)
        {
            // A chunked body is reported as received; its framing is not worth decoding for an error message.
            expected = alreadyRead.Length;
        }

        var body = new byte[expected];
        var length = (int)Math.Min(alreadyRead.Length, expected);
        alreadyRead.AsSpan(0, length).CopyTo(body);
        using var bodyTimeout = new CancellationTokenSource(BodyReadTimeout, timeProvider);
        using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bodyTimeout.Token);
        try
        {
            while (length < expected)
            {
                var read = await stream.ReadAsync(body.AsMemory(length), bodyDeadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The body is only for the error message: what arrived in time is enough.
        }

        return length == 0 ? null : Encoding.UTF8.GetString(body, 0, length);
    }
}
