using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tusk.Internal;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// Typed reads of one configuration section's values. A value that is absent leaves the current setting; a value that
/// does not parse throws with the full configuration path, the value and the expected form.
/// </summary>
internal readonly struct ConfigurationValueReader(IConfiguration section)
{
    public string? ReadString(string key) => section[key];

    public Uri ReadUri(string key, string value) =>
        Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var uri)
            ? uri // a relative or non-HTTP URL is reported by the options validator, which names the client
            : throw Invalid(key, UriRedactor.Redact(value), "URL such as \"http://localhost:3000\"");

    public bool ReadBoolean(string key, bool current) =>
        section[key] is not { } value ? current
        : bool.TryParse(value, out var parsed) ? parsed
        : throw Invalid(key, value, "boolean (true or false)");

    public int ReadInt32(string key, int current) =>
        section[key] is not { } value ? current
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw Invalid(key, value, "whole number");

    public long ReadInt64(string key, long current) =>
        section[key] is not { } value ? current
        : long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw Invalid(key, value, "whole number");

    public double ReadDouble(string key, double current) =>
        section[key] is not { } value ? current
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw Invalid(key, value, "number");

    public TimeSpan ReadTimeSpan(string key, TimeSpan current) =>
        section[key] is not { } value ? current
        : TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw Invalid(key, value, "time span such as \"00:00:20\" (hh:mm:ss)");

    public TimeSpan? ReadOptionalTimeSpan(string key, TimeSpan? current) =>
        section[key] is not { } value ? current
        : value.Length == 0 ? null
        : ReadTimeSpan(key, default);

    public TEnum ReadEnum<TEnum>(string key, TEnum current)
        where TEnum : struct, Enum =>
        section[key] is not { } value ? current
        : Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw Invalid(key, value, "value (one of " + string.Join(", ", Enum.GetNames<TEnum>()) + ")");

    /// <summary>A list from an array section (<c>["a","b"]</c>) or a comma-separated value (<c>"a,b"</c>); null when absent.</summary>
    public List<string>? ReadList(string key)
    {
        var child = section.GetSection(key);
        if (child.Value is { } value)
        {
            return [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }

        var items = child.GetChildren().ToList();
        if (items.Count == 0)
        {
            return null;
        }

        // Array sections have keys "0", "1", ...; GetChildren sorts them as numbers, so the order is the array's.
        return [.. items.Select(item => item.Value ?? string.Empty)];
    }

    /// <summary>The child values of a section as a dictionary; null when the section has no children.</summary>
    public Dictionary<string, string>? ReadDictionary(string key)
    {
        var items = section.GetSection(key).GetChildren().ToList();
        return items.Count == 0 ? null : items.ToDictionary(item => item.Key, item => item.Value ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>Sets each child of the section in <paramref name="target"/>, keeping entries the section does not name.</summary>
    public void MergeDictionary(string key, IDictionary<string, string> target)
    {
        foreach (var item in section.GetSection(key).GetChildren())
        {
            target[item.Key] = item.Value ?? string.Empty;
        }
    }

    private InvalidOperationException Invalid(string key, string value, string expected)
    {
        var path = section is IConfigurationSection { Path: { Length: > 0 } sectionPath } ? sectionPath + ":" + key : key;
        return new InvalidOperationException($"Configuration value '{path}' = '{value}' is not a valid {expected}.");
    }
}
