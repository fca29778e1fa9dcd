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
        if (HostAndPort().IsMatch(serverUri.OriginalString))
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

        if (!s_schemes.Contains(serverUri.Scheme, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"The server URL scheme '{serverUri.Scheme}' is not supported ('{UriRedactor.Redact(serverUri)}'); use http, https, ws or wss.",
                parameterName);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+:[0-9]+(/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostAndPort();
}
