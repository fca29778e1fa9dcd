using System.Text.RegularExpressions;

namespace Tusk.Docs.Tests;

/// <summary>A fenced code block of a Markdown file, with the snippet marker on the line above it, if any.</summary>
/// <param name="File">The Markdown file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Language">The fence's info string (<c>csharp</c>, <c>json</c>, <c>sh</c>, <c>text</c>), or empty.</param>
/// <param name="Snippet">The name in <c>&lt;!-- snippet: name --&gt;</c> right above the fence, or null.</param>
/// <param name="Content">The lines between the fences, joined with <c>\n</c>, without the fence's indentation.</param>
/// <param name="ContentStart">The 0-based index of the first content line in the file's lines.</param>
/// <param name="ContentLength">The number of content lines.</param>
internal sealed record CodeBlock(string File, int Line, string Language, string? Snippet, string Content, int ContentStart, int ContentLength)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>Reads the code blocks, links and headings of a Markdown file.</summary>
internal static partial class MarkdownDocument
{
    public static IReadOnlyList<CodeBlock> CodeBlocks(string relativeFile)
    {
        var lines = ReadLines(relativeFile);
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var end = i + 1;
            while (end < lines.Length && !ClosingFence().IsMatch(lines[end]))
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidOperationException($"{relativeFile}:{i + 1}: the code block is never closed.");
            }

            var marker = i > 0 ? SnippetMarker().Match(lines[i - 1]) : Match.Empty;
            var content = string.Join('\n', lines[(i + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
            blocks.Add(new CodeBlock(
                relativeFile,
                i + 1,
                open.Groups["language"].Value,
                marker.Success ? marker.Groups["name"].Value : null,
                content,
                i + 1,
                end - i - 1));
            i = end;
        }

        return blocks;
    }

    /// <summary>The targets of the inline links <c>[text](target)</c> outside code blocks and code spans.</summary>
    public static IReadOnlyList<(int Line, string Target)> Links(string relativeFile)
    {
        var links = new List<(int, string)>();
        var inCode = false;
        var lines = ReadLines(relativeFile);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().IsMatch(lines[i]) || (inCode && ClosingFence().IsMatch(lines[i])))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                var text = CodeSpan().Replace(lines[i], string.Empty);
                links.AddRange(Link().Matches(text).Select(m => (i + 1, m.Groups["target"].Value)));
            }
        }

        return links;
    }

    /// <summary>The anchors GitHub gives the file's headings (lower case, punctuation dropped, spaces as hyphens).</summary>
    public static IReadOnlySet<string> Anchors(string relativeFile)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in ReadLines(relativeFile))
        {
            if (Fence().IsMatch(line) || (inCode && ClosingFence().IsMatch(line)))
            {
                inCode = !inCode;
                continue;
            }

            var heading = Heading().Match(line);
            if (inCode || !heading.Success)
            {
                continue;
            }

            var slug = string.Concat(heading.Groups["text"].Value.Trim().ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-');
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    public static string[] ReadLines(string relativeFile) =>
        File.ReadAllText(Repository.Full(relativeFile)).ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"^(?<indent>\s*)```(?<language>[A-Za-z0-9+-]*)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*```\s*$")]
    private static partial Regex ClosingFence();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(?<name>\S+)\s*-->\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
