using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tusk.Docs.Tests;

/// <summary>
/// The documentation shows only code that CI compiles and runs: every C# and JSON block is a snippet from
/// <c>tests/Docs.Snippets</c>, shown exactly; shell blocks name paths that exist; links resolve.
/// Set <c>TUSK_UPDATE_DOCS=1</c> to rewrite the blocks from the snippets instead of failing.
/// </summary>
[TestFixture]
public sealed partial class DocumentationTests
{
    private const string UpdateVariable = "TUSK_UPDATE_DOCS";

    /// <summary>Languages a code block may have. C# and JSON must be snippets; shell blocks are commands; text is output.</summary>
    private static readonly string[] Languages = ["csharp", "json", "sh", "text"];

    private static IEnumerable<TestCaseData> Files() =>
        Repository.DocumentationFiles().Select(f => new TestCaseData(f).SetArgDisplayNames(f));

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    [TestCaseSource(nameof(Files))]
    public void Every_code_block_has_a_language_and_every_csharp_or_json_block_is_a_snippet(string file)
    {
        var problems = MarkdownDocument.CodeBlocks(file)
            .Where(b => !Languages.Contains(b.Language) || (b.Language is "csharp" or "json" && b.Snippet is null))
            .Select(b => Languages.Contains(b.Language)
                ? $"{b}: a {b.Language} block needs <!-- snippet: name --> on the line above, naming a region in tests/Docs.Snippets."
                : $"{b}: the fence needs one of these languages: {string.Join(", ", Languages)} (got '{b.Language}').")
            .ToList();

        Assert.That(problems, Is.Empty, "docs/contributing.md, \"Documentation snippets\", says how to add code to the documentation.");
    }

    [TestCaseSource(nameof(Files))]
    public void Every_snippet_block_shows_its_snippet_exactly(string file)
    {
        var blocks = MarkdownDocument.CodeBlocks(file).Where(b => b.Snippet is not null).ToList();
        var unknown = blocks.Where(b => !SnippetSources.Snippets.ContainsKey(b.Snippet!)).Select(b => $"{b}: no snippet named '{b.Snippet}'").ToList();
        Assert.That(unknown, Is.Empty);

        var stale = blocks.Where(b => b.Content != SnippetSources.Snippets[b.Snippet!]).ToList();
        if (stale.Count > 0 && Updating)
        {
            Rewrite(file, stale);
            return;
        }

        Assert.Multiple(() =>
        {
            foreach (var block in stale)
            {
                Assert.That(block.Content, Is.EqualTo(SnippetSources.Snippets[block.Snippet!]),
                    $"{block} shows other code than snippet '{block.Snippet}'. Edit the snippet in tests/Docs.Snippets, then run the docs tests with {UpdateVariable}=1 to copy it here.");
            }
        });
    }

    [Test]
    public void Every_snippet_is_shown_somewhere()
    {
        var shown = Repository.DocumentationFiles().SelectMany(MarkdownDocument.CodeBlocks).Select(b => b.Snippet).ToHashSet();

        Assert.That(SnippetSources.Snippets.Keys.Where(k => !shown.Contains(k)), Is.Empty, "Snippets no documentation shows: remove them or show them.");
    }

    [TestCaseSource(nameof(Files))]
    public void Json_blocks_parse(string file)
    {
        foreach (var block in MarkdownDocument.CodeBlocks(file).Where(b => b.Language == "json"))
        {
            Assert.DoesNotThrow(() => JsonDocument.Parse(block.Content).Dispose(), $"{block} is not valid JSON.");
        }
    }

    [TestCaseSource(nameof(Files))]
    public void Shell_blocks_name_paths_that_exist(string file)
    {
        var missing = new List<string>();
        foreach (var block in MarkdownDocument.CodeBlocks(file).Where(b => b.Language == "sh"))
        {
            var directories = new List<string> { string.Empty };
            foreach (var token in block.Content.Split('\n').SelectMany(CommandTokens))
            {
                if (token.StartsWith("cd ", StringComparison.Ordinal))
                {
                    directories.Add(token[3..]);
                    continue;
                }

                var path = token.StartsWith("tusk/", StringComparison.Ordinal) ? token["tusk/".Length..] : token;
                if (!directories.Any(d => Path.Exists(Repository.Full(Path.Combine(d, path)))))
                {
                    missing.Add($"{block}: {token}");
                }
            }
        }

        Assert.That(missing, Is.Empty, "Shell blocks run from the repository root (or a folder they cd into).");
    }

    [TestCaseSource(nameof(Files))]
    public void Links_resolve(string file)
    {
        var broken = new List<string>();
        foreach (var (line, target) in MarkdownDocument.Links(file))
        {
            if (Resolve(file, target) is { } problem)
            {
                broken.Add($"{file}:{line}: {target}: {problem}");
            }
        }

        Assert.That(broken, Is.Empty);
    }

    private static string? Resolve(string file, string target)
    {
        const string Repo = "https://github.com/tusk-socketio/tusk/blob/main/";
        string path;
        if (target.StartsWith(Repo, StringComparison.Ordinal))
        {
            path = target[Repo.Length..];
        }
        else if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
        {
            return null; // another site: not checked offline
        }
        else
        {
            path = target.StartsWith('#')
                ? file + target
                : Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Repository.Full(file))!, target)))
                    .Replace(Path.DirectorySeparatorChar, '/');
        }

        var hash = path.IndexOf('#', StringComparison.Ordinal);
        var (targetFile, anchor) = hash < 0 ? (path, null) : (path[..hash], path[(hash + 1)..]);
        if (!Path.Exists(Repository.Full(targetFile)))
        {
            return "no such file";
        }

        if (anchor is not null && !MarkdownDocument.Anchors(targetFile).Contains(anchor))
        {
            return $"no heading with the anchor #{anchor} in {targetFile}";
        }

        return null;
    }

    // A command line's `cd <dir>` and the paths it passes: project files, solutions, scripts and --project folders.
    private static IEnumerable<string> CommandTokens(string line)
    {
        var command = line.Split('#')[0];
        foreach (var part in command.Split("&&"))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < words.Length; i++)
            {
                if (words[i] == "cd" && i + 1 < words.Length && !words[i + 1].StartsWith('~') && !words[i + 1].Contains("your-app", StringComparison.Ordinal))
                {
                    yield return "cd " + words[i + 1];
                }
                else if (words[i] == "--project" && i + 1 < words.Length)
                {
                    yield return words[i + 1];
                }
                else if (PathLike().IsMatch(words[i]))
                {
                    yield return words[i];
                }
            }
        }
    }

    private static void Rewrite(string file, IReadOnlyList<CodeBlock> stale)
    {
        var lines = MarkdownDocument.ReadLines(file).ToList();
        foreach (var block in stale.OrderByDescending(b => b.ContentStart))
        {
            var indent = new string(' ', lines[block.ContentStart - 1].Length - lines[block.ContentStart - 1].TrimStart().Length);
            lines.RemoveRange(block.ContentStart, block.ContentLength);
            lines.InsertRange(block.ContentStart, SnippetSources.Snippets[block.Snippet!].Split('\n').Select(l => l.Length == 0 ? l : indent + l));
        }

        File.WriteAllText(Repository.Full(file), string.Join('\n', lines), new UTF8Encoding(false));
        TestContext.Out.WriteLine($"{file}: rewrote {stale.Count} code block(s) from their snippets.");
    }

    [GeneratedRegex(@"^[\w./-]+\.(sln|csproj|js)$")]
    private static partial Regex PathLike();
}
