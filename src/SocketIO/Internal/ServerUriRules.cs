using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Tusk.Internal;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// Checks the server URL when a client is created, so that a URL without a scheme or with one Tusk does not speak fails
/// at once, saying what to write, instead of connecting somewhere unexpected (<c>ftp://</c> used to work as http) or
/// failing later with a transport error.
/// </summary>
internal static partial class ServerUriRules
{
    private static readonly string[] s_schemes = ["http", "https", "ws", "wss"];

    /// <exception cref="ArgumentException">The URL is relative or its scheme is not http, https, ws or wss.</exception>
    public static void Validate(Uri serverUri, string parameterName)
    {
        // "localhost:3000" parses as scheme "localhost"; "127.0.0.1:3000" does not parse as absolute at all.
        // The regex runs only when a digit follows the first ':' (it cannot match otherwise, e.g. "http://..."): its
        // first use loads and initialises System.Text.RegularExpressions, milliseconds of a new process's first
        // connect (issue 21).
        if (DigitFollowsFirstColon(serverUri.OriginalString) && IsHostAndPort(serverUri.OriginalString))
        {
            throw new ArgumentException(
                $"The server URL '{UriRedactor.Redact(serverUri.OriginalString)}' has no scheme; write " +
                $"\"http://{UriRedactor.Redact(serverUri.OriginalString)}\" (or https:// for TLS).", parameterName);
        }

        if (!serverUri.IsAbsoluteUri)
        {
            throw new ArgumentException(
                $"The server URL '{UriRedactor.Redact(serverUri)}' is relative; give an absolute URL such as \"http://localhost:3000\".", parameterName);
        }

        if (!IsSupportedScheme(serverUri.Scheme))
        {
            throw new ArgumentException(
                $"The server URL scheme '{serverUri.Scheme}' is not supported ('{UriRedactor.Redact(serverUri)}'); use http, https, ws or wss.",
                parameterName);
        }
    }

    private static bool IsSupportedScheme(string scheme) => Array.IndexOf(s_schemes, scheme) >= 0;

    private static bool DigitFollowsFirstColon(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon + 1 < url.Length && char.IsAsciiDigit(url[colon + 1]);
    }

    // Not inlined, so that compiling Validate does not load System.Text.RegularExpressions either.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsHostAndPort(string url) => HostAndPort().IsMatch(url);

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+:[0-9]+(/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostAndPort();
}
