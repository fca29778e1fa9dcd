using System.Text;

namespace Tusk.Internal;

/// <summary>
/// The one way text a server chose (an error body, a packet it should not have sent) is quoted in an exception message
/// or a log line: at most <see cref="MaxChars"/> characters, control characters written as <c>\uXXXX</c>. A server can
/// send megabytes, line breaks that forge log lines, or terminal escapes; a message needs only enough to recognise it.
/// The whole text stays available where an exception keeps it as data (a property), never in the message.
/// </summary>
internal static class ServerTextPreview
{
    /// <summary>The most characters of server text quoted.</summary>
    public const int MaxChars = 200;

    /// <summary>The text cut to <see cref="MaxChars"/> (with <c>…</c> when cut) and its control characters escaped.</summary>
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var length = Math.Min(text.Length, MaxChars);
        // Never half a surrogate pair.
        if (length < text.Length && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        var span = text.AsSpan(0, length);
        var cut = length < text.Length;
        if (!span.ContainsAny(ControlChars))
        {
            return cut ? string.Concat(span, "…") : text;
        }

        var builder = new StringBuilder(length + 16);
        foreach (var c in span)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }

    // char.IsControl: U+0000–U+001F and U+007F–U+009F.
    private static readonly System.Buffers.SearchValues<char> ControlChars = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f" +
        "\u007f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f");
}
