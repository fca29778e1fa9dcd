using System.Globalization;
using System.Text;

namespace Tusk.Internal;

/// <summary>
/// The one check of caller-supplied header names and values, used by every request Tusk writes: long-polling requests,
/// the WebSocket opening handshake and the socket.io 0.9 handshake. Names must be RFC 9110 tokens (§5.1); values may
/// hold only visible ASCII, space and horizontal tab (§5.5), so a CR, LF, NUL or any other control character can never
/// end a header line early and smuggle in a header or a whole request.
/// </summary>
/// <remarks>
/// This file is compiled into every assembly that builds requests, as an internal type (the dotnet/runtime
/// <c>src/libraries/Common</c> pattern). The two transports may not reference each other and have no lower layer in
/// common, and a public helper would be API that users call and that has to stay compatible; a linked source file
/// gives every layer the same rules with no new dependency and no public surface.
/// <para>RFC 9110 also tolerates obs-text (bytes 0x80-0xFF) in values, but .NET's HTTP stack refuses non-ASCII request
/// headers, so both transports refuse them here, up front, with the same message.</para>
/// </remarks>
internal static class HttpHeaderRules
{
    private const int MaxShownNameLength = 64;

    // Headers the HTTP stack or the transport writes itself: a caller's copy could change the request's framing
    // (a second Content-Length or Transfer-Encoding, a different Host) or break the upgrade. Also refused: every
    // Sec-WebSocket-* header (the handshake's own) and every Content-* header (they describe a body, which the
    // transport owns; HttpClient would silently drop them from a request's headers).
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer",
        "Keep-Alive", "Proxy-Connection",
    };

    /// <summary>Checks one caller-supplied header.</summary>
    /// <param name="option">The option it came from, as the user knows it, e.g. <c>SocketIoClientOptions.ExtraHeaders</c>.</param>
    /// <param name="name">The header name.</param>
    /// <param name="value">The header value.</param>
    /// <exception cref="ArgumentException">The name is not a token, is set by the transport, or the value holds a
    /// character that is not allowed. The message names the option and the header, never the value.</exception>
    public static void Validate(string option, string? name, string? value)
    {
        if (string.IsNullOrEmpty(name) || !IsToken(name))
        {
            throw new ArgumentException(
                $"{option} has the header name {DescribeName(name)}, which is not a valid HTTP field name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~ only). The header is refused rather than dropped.",
                option);
        }

        if (s_reserved.Contains(name) || name.StartsWith("Sec-WebSocket-", StringComparison.OrdinalIgnoreCase) ||
            name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"{option} sets the header '{name}', which the transport writes itself (or which describes a request body); it cannot be set by the caller.",
                option);
        }

        ValidateValue(option, name, value);
    }

    /// <summary>Checks the value of a header whose name the transport chose (e.g. <c>User-Agent</c>, <c>Cookie</c>).</summary>
    /// <exception cref="ArgumentException">The value is null or holds a character that is not allowed (not shown).</exception>
    public static void ValidateValue(string option, string header, string? value)
    {
        if (value is null)
        {
            throw new ArgumentException($"{option} gives the header '{header}' no value (null).", option);
        }

        var bad = IndexOfInvalidValueChar(value);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{option}: the value of the header '{header}' holds a character that is not allowed in an HTTP header (U+{(int)value[bad]:X4} at position {bad}); only visible ASCII, space and horizontal tab are, so that no CR, LF, NUL or other control character can inject a header or a request. The value is not shown."),
                option);
        }
    }

    /// <summary>Whether <paramref name="name"/> is an RFC 9110 token (<c>tchar</c>s only, at least one).</summary>
    public static bool IsToken(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 9110 <c>tchar</c>: ALPHA, DIGIT and <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    /// <summary>The position of the first character a header value may not hold, or -1.</summary>
    public static int IndexOfInvalidValueChar(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A header name as it may be shown: quoted, control and non-ASCII characters escaped, shortened.</summary>
    private static string DescribeName(string? name)
    {
        if (name is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder("'");
        foreach (var c in name.Length <= MaxShownNameLength ? name : name[..MaxShownNameLength])
        {
            if (c is >= ' ' and <= '~' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return builder.Append(name.Length <= MaxShownNameLength ? "'" : "…'").ToString();
    }
}
