using Tusk.Internal;

namespace Tusk.EngineIO;

/// <summary>Checks the header options of an <see cref="EngineIOClientOptions"/> before a session sends anything, so an
/// error names the option the caller set rather than the transport option it is copied into.</summary>
internal static class EngineIOHeaderOptions
{
    /// <exception cref="ArgumentException">A header name or value could split a request (the value is never shown).</exception>
    public static void Validate(EngineIOClientOptions options)
    {
        foreach (var header in options.ExtraHeaders)
        {
            HttpHeaderRules.Validate("EngineIOClientOptions.ExtraHeaders", header.Key, header.Value);
        }

        ValidateOptional("EngineIOClientOptions.UserAgent", "User-Agent", options.UserAgent);
        ValidateOptional("EngineIOClientOptions.Origin", "Origin", options.Origin);
        ValidateOptional("EngineIOClientOptions.Referer", "Referer", options.Referer);
    }

    private static void ValidateOptional(string option, string header, string? value)
    {
        if (value is not null)
        {
            HttpHeaderRules.ValidateValue(option, header, value);
        }
    }
}
