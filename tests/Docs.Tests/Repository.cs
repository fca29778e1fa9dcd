using System.Reflection;

namespace Tusk.Docs.Tests;

/// <summary>Paths in the source tree (the documentation and the snippet sources are read from there).</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string SnippetsDirectory => Path.Combine(Root, "tests", "Docs.Snippets");

    public static string SampleServerDirectory => Path.Combine(Root, "samples", "server");

    /// <summary>Every Markdown file whose code blocks are checked, relative to the root with forward slashes.</summary>
    public static IReadOnlyList<string> DocumentationFiles()
    {
        var files = new List<string> { "README.md", "samples/README.md", "benchmarks/README.md", "benchmarks/EndToEnd/README.md" };
        files.AddRange(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Select(Relative));
        files.AddRange(Directory.EnumerateDirectories(Path.Combine(Root, "src"))
            .Select(d => Path.Combine(d, "README.md"))
            .Where(File.Exists)
            .Select(Relative));
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static string Full(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Relative(string full) => Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/');
}
