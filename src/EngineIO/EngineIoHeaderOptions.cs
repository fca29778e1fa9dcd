using Tusk.Internal;

namespace Tusk.EngineIO;

/// <summary>Checks the header options of an <see cref="EngineIoClientOptions"/> before a session sends anything, so an
/// error names the option the caller set rather than the transport option it is copied into.</summary>
internal static class EngineIoHeaderOptions
{
    /// <exception cref="ArgumentException">A header name or value could split a request (the value is never shown).</exception>
    public static void Validate(EngineIoClientOptions options)
    {
        var connection = options.Connection;
        foreach (var header in connection.Headers)
        {
            HttpHeaderRules.Validate("EngineIoClientOptions.Connection.Headers", header.Key, header.Value);
        }

        ValidateOptional("EngineIoClientOptions.Connection.UserAgent", "User-Agent", connection.UserAgent);
        ValidateOptional("EngineIoClientOptions.Connection.Origin", "Origin", connection.Origin);
        ValidateOptional("EngineIoClientOptions.Connection.Referer", "Referer", connection.Referer);
    }

    private static void ValidateOptional(string option, string header, string? value)
    {
        if (value is not null)
        {
            HttpHeaderRules.ValidateValue(option, header, value);
        }
    }
}
