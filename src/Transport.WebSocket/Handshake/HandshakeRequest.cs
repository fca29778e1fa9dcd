using System.Net;
using System.Security.Cryptography;
using System.Text;
using Tusk.Internal;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>The client's opening handshake (RFC 6455 §4.1): a fresh random key and the upgrade request.</summary>
internal sealed class HandshakeRequest
{
    /// <summary>The GUID RFC 6455 §1.3 appends to the key before hashing.</summary>
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private HandshakeRequest(string key, string text)
    {
        Key = key;
        Text = text;
    }

    public string Key { get; }

    public string Text { get; }

    /// <summary>The <c>Sec-WebSocket-Accept</c> value a server must answer <paramref name="key"/> with.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 6455 §4.2.2 defines Sec-WebSocket-Accept as base64(SHA-1(key + GUID)); it proves the server read the handshake, it protects nothing, and no other hash interoperates.")]
    public static string ComputeAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    public static string CreateKey()
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>Checks custom headers before any connection is made, with the rules every Tusk request uses.</summary>
    /// <exception cref="ArgumentException">A header is set by the handshake itself, or its name or value could split the
    /// request (the message names the header, never the value).</exception>
    public static void ValidateHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            HttpHeaderRules.Validate("WebSocketClientOptions.Headers", name, value);
        }
    }

    /// <summary>Checks the <c>Cookie</c> header built from the cookie jar: a cookie added by the caller must not split
    /// the request either.</summary>
    /// <exception cref="ArgumentException">A cookie holds a character that is not allowed in a header.</exception>
    public static void ValidateCookieHeader(string? cookieHeader)
    {
        if (!string.IsNullOrEmpty(cookieHeader))
        {
            HttpHeaderRules.ValidateValue("WebSocketClientOptions.Cookies", "Cookie", cookieHeader);
        }
    }

    /// <summary>Checks offered subprotocols (RFC 6455 §4.1: tokens, no duplicates).</summary>
    /// <exception cref="ArgumentException">A name is empty, not a token, or repeated.</exception>
    public static void ValidateSubProtocols(IEnumerable<string> subProtocols)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in subProtocols)
        {
            if (string.IsNullOrEmpty(name) || !HttpHeaderRules.IsToken(name) || !seen.Add(name))
            {
                throw new ArgumentException($"The subprotocol '{Escape(name)}' is not a valid, unique token.", nameof(subProtocols));
            }
        }
    }

    public static HandshakeRequest Create(Uri uri, WebSocketClientOptions options, string? cookieHeader, string? extensionOffer)
    {
        var key = CreateKey();
        var builder = new StringBuilder(256);
        builder.Append("GET ").Append(uri.PathAndQuery.Length == 0 ? "/" : uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        builder.Append("Host: ").Append(HostHeader(uri)).Append("\r\n");
        builder.Append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        builder.Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        builder.Append("Sec-WebSocket-Version: 13\r\n");
        if (options.SubProtocols.Count > 0)
        {
            builder.Append("Sec-WebSocket-Protocol: ").AppendJoin(", ", options.SubProtocols).Append("\r\n");
        }

        if (extensionOffer is not null)
        {
            builder.Append("Sec-WebSocket-Extensions: ").Append(extensionOffer).Append("\r\n");
        }

        if (!string.IsNullOrEmpty(cookieHeader))
        {
            builder.Append("Cookie: ").Append(cookieHeader).Append("\r\n");
        }

        foreach (var (name, value) in options.Headers)
        {
            // Checked again here, as the request is written: the list may have changed since ConnectAsync began.
            HttpHeaderRules.Validate("WebSocketClientOptions.Headers", name, value);
            builder.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        builder.Append("\r\n");
        return new HandshakeRequest(key, builder.ToString());
    }

    /// <summary>The <c>Host</c> value (RFC 6455 §4.1, RFC 9110 §7.2): the host as DNS, TLS and the proxy's CONNECT
    /// see it, so an internationalized name in its ASCII (punycode) form, and the port unless it is the scheme's
    /// default. <see cref="Uri.Authority"/> would give the Unicode form.</summary>
    internal static string HostHeader(Uri uri)
    {
        if (uri.HostNameType != UriHostNameType.Dns)
        {
            // IP literals (IPv6 with its brackets) are ASCII already.
            return uri.Authority;
        }

        return uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The http(s) form of a ws(s) URI, which is what cookie jars understand.</summary>
    public static Uri ToHttpUri(Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == "wss" ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, Port = uri.Port }.Uri;

    private static string Escape(string? value) => value is null ? "(null)" : WebUtility.UrlEncode(value);
}
