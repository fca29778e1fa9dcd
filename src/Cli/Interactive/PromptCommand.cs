namespace Tusk.Cli.Interactive;

/// <summary>A line typed at the <c>tusk connect</c> prompt: the verb, its flags (<c>--ack</c>) and the rest of the line.</summary>
internal sealed record PromptCommand(string Verb, IReadOnlySet<string> Flags, IReadOnlyList<string> Words, string Rest)
{
    /// <summary>
    /// Splits <c>emit --ack news "a b" 42</c> into verb <c>emit</c>, flag <c>--ack</c>, first word <c>news</c> and the
    /// rest <c>"a b" 42</c>, which stays raw text for the JSON reader (JSON strings may hold spaces).
    /// </summary>
    /// <param name="line">The typed line.</param>
    /// <param name="wordCount">How many plain words the verb takes before its JSON.</param>
    public static PromptCommand? Parse(string line, Func<string, int> wordCount)
    {
        var rest = line.Trim();
        if (rest.Length == 0 || rest.StartsWith('#'))
        {
            return null;
        }

        var verb = Next(ref rest).ToLowerInvariant();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            flags.Add(Next(ref rest).ToLowerInvariant());
        }

        var words = new List<string>();
        for (var i = wordCount(verb); i > 0 && rest.Length > 0; i--)
        {
            words.Add(Next(ref rest));
        }

        return new PromptCommand(verb, flags, words, rest);
    }

    private static string Next(ref string rest)
    {
        var space = rest.IndexOfAny([' ', '\t']);
        var word = space < 0 ? rest : rest[..space];
        rest = space < 0 ? string.Empty : rest[space..].TrimStart();
        return word;
    }
}
