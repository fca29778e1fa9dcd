namespace Tusk.Docs.Tests;

/// <summary>Runs a snippet with <see cref="Console.Out"/> captured (the docs tests run one at a time), bounded in time.</summary>
internal static class ConsoleCapture
{
    public static readonly TimeSpan SnippetTimeout = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(Func<Task> snippet)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            await snippet().WaitAsync(SnippetTimeout);
        }
        finally
        {
            Console.SetOut(original);
            TestContext.Out.Write(captured.ToString());
        }

        return captured.ToString().ReplaceLineEndings("\n");
    }
}
