using Tusk.Internal;

namespace Tusk.Cli.Connection;

/// <summary>How the tool shows URLs: the library's redactor (no user-info, query values masked), so output and logs never carry a secret.</summary>
internal static class Redaction
{
    public static string Url(Uri uri) => UriRedactor.Redact(uri);

    public static string Url(string text) => UriRedactor.Redact(text);
}
