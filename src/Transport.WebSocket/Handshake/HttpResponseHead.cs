using System.Globalization;
using System.Text;
using Tusk.Internal;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>The status line and headers of an HTTP/1.1 response.</summary>
internal sealed class HttpResponseHead
{
    private readonly List<KeyValuePair<string, string>> _headers;

    private HttpResponseHead(int statusCode, string reasonPhrase, List<KeyValuePair<string, string>> headers)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        _headers = headers;
    }

    public int StatusCode { get; }

    /// <summary>The reason phrase, printable (see <see cref="Tusk.Internal.ServerTextPreview"/>).</summary>
    public string ReasonPhrase { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Every value of a header, in order (repeated headers are kept apart).</summary>
    public IEnumerable<string> GetValues(string name) =>
        _headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>All values of a header joined as one comma list, or <see langword="null"/> when absent.</summary>
    public string? GetCombined(string name)
    {
        var values = GetValues(name).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>Parses a head (without the final empty line).</summary>
    /// <exception cref="WebSocketHandshakeException">The status line or a header line is malformed.</exception>
    public static HttpResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var statusLine = lines[0];
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) ||
            parts[1].Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new WebSocketHandshakeException($"The server's answer does not start with an HTTP/1.x status line: '{ServerTextPreview.Of(statusLine)}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t')
            {
                throw new WebSocketHandshakeException($"The server sent a malformed header line: '{ServerTextPreview.Of(line)}'.", status, null);
            }

            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim(' ', '\t')));
        }

        // Kept only to be shown (in log lines and exception messages), so kept printable.
        return new HttpResponseHead(status, parts.Length > 2 ? ServerTextPreview.Of(parts[2]) : string.Empty, headers);
    }
}
