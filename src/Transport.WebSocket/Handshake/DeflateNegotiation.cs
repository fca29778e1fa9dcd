using System.Globalization;
using Tusk.Internal;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>permessage-deflate negotiation (RFC 7692 §5, §7.1). The client offers the extension without
/// <c>client_max_window_bits</c>, because its compressor always uses a 15-bit window: then no server may
/// legally ask for a smaller one.</summary>
internal static class DeflateNegotiation
{
    public const string Offer = "permessage-deflate";

    /// <summary>Checks the server's <c>Sec-WebSocket-Extensions</c> answer.</summary>
    /// <returns>The agreed parameters, or <see langword="null"/> when the server declined compression.</returns>
    /// <exception cref="WebSocketHandshakeException">The answer names an extension or parameter that was not
    /// offered, repeats a parameter, or carries an invalid value.</exception>
    public static WebSocketCompressionOptions? Parse(string? header, bool offered)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        if (!offered)
        {
            throw Fail($"The server answered with extensions '{ServerTextPreview.Of(header)}', but the client offered none.");
        }

        var extensions = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (extensions.Length != 1)
        {
            throw Fail($"The server accepted {extensions.Length} extensions ('{ServerTextPreview.Of(header)}'); the client offered one.");
        }

        var parts = extensions[0].Split(';', StringSplitOptions.TrimEntries);
        if (!string.Equals(parts[0], Offer, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail($"The server accepted the extension '{ServerTextPreview.Of(parts[0])}', which the client did not offer.");
        }

        var result = new WebSocketCompressionOptions();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? null : parameter[(equals + 1)..].Trim().Trim('"');
            if (!seen.Add(name))
            {
                throw Fail($"The server repeated the permessage-deflate parameter '{ServerTextPreview.Of(name)}'.");
            }

            switch (name.ToLowerInvariant())
            {
                case "server_no_context_takeover":
                    RequireNoValue(name, value);
                    result.ServerNoContextTakeover = true;
                    break;
                case "client_no_context_takeover":
                    RequireNoValue(name, value);
                    result.ClientNoContextTakeover = true;
                    break;
                case "server_max_window_bits":
                    // Our inflater always has a 15-bit window, which decodes any smaller one.
                    if (value is null || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits is < 8 or > 15)
                    {
                        throw Fail($"The server sent server_max_window_bits='{ServerTextPreview.Of(value)}'; it must be 8 to 15.");
                    }

                    break;
                case "client_max_window_bits":
                    throw Fail("The server sent client_max_window_bits, which the client did not offer.");
                default:
                    throw Fail($"The server sent the unknown permessage-deflate parameter '{ServerTextPreview.Of(name)}'.");
            }
        }

        return result;
    }

    private static void RequireNoValue(string name, string? value)
    {
        if (value is not null)
        {
            throw Fail($"The permessage-deflate parameter '{ServerTextPreview.Of(name)}' takes no value, but the server sent '{ServerTextPreview.Of(value)}'.");
        }
    }

    private static WebSocketHandshakeException Fail(string message) => new(message, 101, null);
}
