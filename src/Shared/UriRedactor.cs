using System.Text;

namespace Tusk.Internal;

/// <summary>
/// The one way a URL is shown in a log line or an exception message: without user-info and fragment, every query
/// value replaced by <c>***</c> except Engine.IO's own parameters (<c>EIO</c>, <c>transport</c>, <c>sid</c>, <c>t</c>),
/// e.g. <c>http://host:3000/socket.io/?token=***&amp;EIO=4&amp;transport=polling</c>. Query strings carry API keys and
/// tokens, and user-info carries passwords; logs and exception messages travel further than the application.
/// </summary>
/// <remarks>
/// Compiled into every assembly that logs or throws with a URL, as an internal type (the dotnet/runtime
/// <c>src/libraries/Common</c> pattern): the transports have no lower layer in common, and a public helper would be API
/// to keep compatible. See <see cref="HttpHeaderRules"/> for the same choice.
/// </remarks>
internal static class UriRedactor
{
    /// <summary>What stands in for a hidden query value.</summary>
    public const string Mask = "***";

    /// <summary>The URL as it may be shown; <c>(none)</c> for null.</summary>
    public static string Redact(Uri? uri)
    {
        if (uri is null)
        {
            return "(none)";
        }

        if (!uri.IsAbsoluteUri)
        {
            return Redact(uri.OriginalString);
        }

        var builder = new StringBuilder(uri.Scheme.Length + uri.Authority.Length + uri.AbsolutePath.Length + uri.Query.Length + 3);
        builder.Append(uri.Scheme).Append("://").Append(uri.Authority).Append(uri.AbsolutePath);
        AppendQuery(builder, uri.Query);
        return builder.ToString();
    }

    /// <summary>A URL given as text (e.g. a configuration value that may not even parse), as it may be shown.</summary>
    public static string Redact(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "ws" or "wss")
        {
            return Redact(absolute);
        }

        // Not a URL we understand: keep what cannot be a secret. Anything before an '@' may be user-info.
        var fragment = text.IndexOf('#', StringComparison.Ordinal);
        var rest = fragment < 0 ? text : text[..fragment];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var beforeQuery = queryStart < 0 ? rest : rest[..queryStart];
        var at = beforeQuery.LastIndexOf('@');
        if (at >= 0)
        {
            var schemeEnd = beforeQuery.IndexOf("://", StringComparison.Ordinal);
            beforeQuery = schemeEnd >= 0 && schemeEnd < at ? string.Concat(beforeQuery.AsSpan(0, schemeEnd + 3), beforeQuery.AsSpan(at + 1)) : beforeQuery[(at + 1)..];
        }

        var builder = new StringBuilder(beforeQuery);
        if (queryStart >= 0)
        {
            AppendQuery(builder, rest[queryStart..]);
        }

        return builder.ToString();
    }

    /// <summary>Whether a query parameter's value may be shown: only Engine.IO's own, which carry no secret.</summary>
    public static bool IsVisibleParameter(ReadOnlySpan<char> key) =>
        key.SequenceEqual("EIO") || key.SequenceEqual("transport") || key.SequenceEqual("sid") || key.SequenceEqual("t");

    private static void AppendQuery(StringBuilder builder, string query)
    {
        var rest = query.AsSpan().TrimStart('?');
        if (rest.IsEmpty)
        {
            return;
        }

        builder.Append('?');
        var first = true;
        while (true)
        {
            var end = rest.IndexOf('&');
            var part = end < 0 ? rest : rest[..end];
            if (!part.IsEmpty)
            {
                if (!first)
                {
                    builder.Append('&');
                }

                first = false;
                var equals = part.IndexOf('=');

                // A bare "?secret" has no key: it is all value.
                if (equals < 0)
                {
                    builder.Append(Mask);
                }
                else
                {
                    var key = part[..equals];
                    builder.Append(key).Append('=');
                    if (IsVisibleParameter(key))
                    {
                        builder.Append(part[(equals + 1)..]);
                    }
                    else
                    {
                        builder.Append(Mask);
                    }
                }
            }

            if (end < 0)
            {
                return;
            }

            rest = rest[(end + 1)..];
        }
    }
}
