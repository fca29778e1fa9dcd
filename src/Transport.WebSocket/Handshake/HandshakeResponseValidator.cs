using Tusk.Internal;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>Checks a 101 answer against the request (RFC 6455 §4.1, client steps 1–6).</summary>
internal static class HandshakeResponseValidator
{
    /// <returns>The selected subprotocol (or <see langword="null"/>) and the agreed compression (or <see langword="null"/>).</returns>
    /// <exception cref="WebSocketHandshakeException">The answer does not complete the upgrade the client asked for.</exception>
    public static (string? SubProtocol, WebSocketCompressionOptions? Compression) Validate(
        HttpResponseHead head, string key, IList<string> offeredSubProtocols, bool compressionOffered)
    {
        if (!HasToken(head.GetCombined("Upgrade"), "websocket"))
        {
            throw Fail($"The 101 answer's Upgrade header is '{ServerTextPreview.Of(head.GetCombined("Upgrade"))}', not 'websocket'.");
        }

        if (!HasToken(head.GetCombined("Connection"), "Upgrade"))
        {
            throw Fail($"The 101 answer's Connection header '{ServerTextPreview.Of(head.GetCombined("Connection"))}' has no 'Upgrade' token.");
        }

        var accepts = head.GetValues("Sec-WebSocket-Accept").ToList();
        var expected = HandshakeRequest.ComputeAccept(key);
        if (accepts.Count != 1 || !string.Equals(accepts[0], expected, StringComparison.Ordinal))
        {
            throw Fail($"The server's Sec-WebSocket-Accept '{ServerTextPreview.Of(string.Join(", ", accepts))}' does not match the key (expected '{expected}').");
        }

        string? subProtocol = null;
        var protocols = head.GetValues("Sec-WebSocket-Protocol").ToList();
        if (protocols.Count > 0)
        {
            if (protocols.Count != 1 || protocols[0].Contains(',', StringComparison.Ordinal) || !offeredSubProtocols.Contains(protocols[0]))
            {
                throw Fail($"The server selected the subprotocol '{ServerTextPreview.Of(string.Join(", ", protocols))}', which the client did not offer.");
            }

            subProtocol = protocols[0];
        }

        var compression = DeflateNegotiation.Parse(head.GetCombined("Sec-WebSocket-Extensions"), compressionOffered);
        return (subProtocol, compression);
    }

    /// <summary>Whether a comma-separated header value holds <paramref name="token"/> (case-insensitive).</summary>
    internal static bool HasToken(string? value, string token) =>
        value is not null &&
        value.Split(',', StringSplitOptions.TrimEntries).Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));

    private static WebSocketHandshakeException Fail(string message) => new(message, 101, null);
}
