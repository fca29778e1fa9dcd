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
    /// <exception cref="InvalidOperationException">An entry is itself an object or an array.</exception>
    public Dictionary<string, string>? ReadDictionary(string key)
    {
        var items = section.GetSection(key).GetChildren().ToList();
        if (items.Count == 0)
        {
            return null;
        }

        var values = new Dictionary<string, string>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            values[item.Key] = FlatValue(key, item);
        }

        return values;
    }

    /// <summary>Sets each child of the section in <paramref name="target"/>, keeping entries the section does not name.</summary>
    /// <exception cref="InvalidOperationException">An entry is itself an object or an array (nothing is set then).</exception>
    public void MergeDictionary(string key, IDictionary<string, string> target)
    {
        // Every entry is checked before any is set.
        var items = new List<KeyValuePair<string, string>>();
        foreach (var item in section.GetSection(key).GetChildren())
        {
            items.Add(new(item.Key, FlatValue(key, item)));
        }

        foreach (var item in items)
        {
            target[item.Key] = item.Value;
        }
    }

    // A nested object or array would otherwise become "" (a section has no value of its own) and reach the server as an
    // empty string. Only the path is named: these values are tokens and passwords.
    private string FlatValue(string key, IConfigurationSection item) =>
        item.Value ?? (item.GetChildren().Any()
            ? throw new InvalidOperationException(
                $"Configuration entry '{PathOf(key)}:{item.Key}' is an object or an array; {key} takes a flat object of strings " +
                $"(e.g. \"{key}\": {{ \"{item.Key}\": \"...\" }}). Serialize a nested value into one string, or set {key} in code with Configure.")
            : string.Empty);

    private string PathOf(string key) => section is IConfigurationSection { Path: { Length: > 0 } sectionPath } ? sectionPath + ":" + key : key;

    private InvalidOperationException Invalid(string key, string value, string expected)
    {
        return new InvalidOperationException($"Configuration value '{PathOf(key)}' = '{value}' is not a valid {expected}.");
    }
}
