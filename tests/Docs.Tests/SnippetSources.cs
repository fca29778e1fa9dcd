using System.Text.RegularExpressions;

namespace Tusk.Docs.Tests;

/// <summary>
/// The code the documentation must show: <c>#region name</c> … <c>#endregion</c> in the C# files of
/// <c>tests/Docs.Snippets</c>, or a whole JSON file there (a snippet named after its path, e.g.
/// <c>DependencyInjection/appsettings.json</c>).
/// </summary>
/// <remarks>
/// Regions of one name are joined in file order with a blank line between them (so a snippet can show its usings,
/// which sit at the top of the file, then its statements). Each region loses its common indentation, and
/// <c>DocServers.At(</c> becomes <c>new Uri(</c>: the documentation shows the address the code names, while the tests
/// run it against a server on a free port.
/// </remarks>
internal static partial class SnippetSources
{
    private const string ServerPlaceholder = "DocServers.At(";
    private const string ServerShown = "new Uri(";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(Load);

    public static IReadOnlyDictionary<string, string> Snippets => All.Value;

    private static Dictionary<string, string> Load()
    {
        var parts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in SourceFiles("*.cs"))
        {
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            string? open = null;
            var start = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var region = Region().Match(lines[i]);
                if (region.Success)
                {
                    if (open is not null)
                    {
                        throw new InvalidOperationException($"{file}:{i + 1}: region '{region.Groups["name"].Value}' starts inside region '{open}'.");
                    }

                    open = region.Groups["name"].Value;
                    start = i + 1;
                }
                else if (EndRegion().IsMatch(lines[i]))
                {
                    if (open is null)
                    {
                        throw new InvalidOperationException($"{file}:{i + 1}: #endregion without #region.");
                    }

                    Add(parts, open, Dedent(lines[start..i]));
                    open = null;
                }
            }

            if (open is not null)
            {
                throw new InvalidOperationException($"{file}: region '{open}' is never closed.");
            }
        }

        var snippets = parts.ToDictionary(p => p.Key, p => string.Join("\n\n", p.Value).Replace(ServerPlaceholder, ServerShown, StringComparison.Ordinal), StringComparer.Ordinal);
        foreach (var file in SourceFiles("*.json"))
        {
            snippets[Path.GetRelativePath(Repository.SnippetsDirectory, file).Replace(Path.DirectorySeparatorChar, '/')] =
                File.ReadAllText(file).ReplaceLineEndings("\n").TrimEnd('\n');
        }

        return snippets;
    }

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(Repository.SnippetsDirectory, pattern, SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(Repository.SnippetsDirectory, f)))
            .Order(StringComparer.Ordinal);

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    private static void Add(Dictionary<string, List<string>> parts, string name, string text)
    {
        if (!parts.TryGetValue(name, out var list))
        {
            parts[name] = list = [];
        }

        list.Add(text);
    }

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? string.Empty : l[indent..]));
    }

    [GeneratedRegex(@"^\s*#region\s+(?<name>\S+)\s*$")]
    private static partial Regex Region();

    [GeneratedRegex(@"^\s*#endregion\b")]
    private static partial Regex EndRegion();
}
