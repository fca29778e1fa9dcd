using Tusk.Internal;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// The header options of a <see cref="SocketIoClientOptions"/>: checked before any request (Engine.IO or socket.io 0.9,
/// polling or WebSocket) is made, so an error names the option the caller set, and the CORS defaults derived from the
/// server URL.
/// </summary>
internal static class SocketIoHeaderOptions
{
    /// <exception cref="ArgumentException">A header name or value could split a request (the value is never shown).</exception>
    public static void Validate(SocketIoClientOptions options)
    {
        foreach (var header in options.ExtraHeaders)
        {
            HttpHeaderRules.Validate("SocketIoClientOptions.ExtraHeaders", header.Key, header.Value);
        }

        ValidateOptional("SocketIoClientOptions.UserAgent", "User-Agent", options.UserAgent);
        ValidateOptional("SocketIoClientOptions.Origin", "Origin", options.Origin);
        ValidateOptional("SocketIoClientOptions.Referer", "Referer", options.Referer);
    }

    /// <summary>The <c>Origin</c> to send: the option, or with <see cref="SocketIoClientOptions.AddCorsHeaders"/> the server's origin.</summary>
    public static string? Origin(Uri serverUri, SocketIoClientOptions options) =>
        options.Origin ?? (options.AddCorsHeaders ? serverUri.GetLeftPart(UriPartial.Authority) : null);

    /// <summary>The <c>Referer</c> to send: the option, or with <see cref="SocketIoClientOptions.AddCorsHeaders"/> the
    /// server URL without user-info and fragment (as browsers send it, RFC 9110 §10.1.3).</summary>
    public static string? Referer(Uri serverUri, SocketIoClientOptions options) =>
        options.Referer ?? (options.AddCorsHeaders
            ? serverUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped)
            : null);

    private static void ValidateOptional(string option, string header, string? value)
    {
        if (value is not null)
        {
            HttpHeaderRules.ValidateValue(option, header, value);
        }
    }
}
