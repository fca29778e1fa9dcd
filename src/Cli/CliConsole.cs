using Spectre.Console;

namespace Tusk.Cli;

/// <summary>
/// Where a command reads and writes: standard input, output (data: NDJSON, reports) and error (diagnostics, progress,
/// the library's log). Tests pass their own writers; the tool passes the process's streams.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        Input = input;
        Output = output;
        Error = error;
        IsInteractive = interactive;
        Out = Create(output, interactive);
        Err = Create(error, interactive);
    }

    /// <summary>Commands typed by a person (<c>tusk connect</c>).</summary>
    public TextReader Input { get; }

    /// <summary>The data a command produces.</summary>
    public TextWriter Output { get; }

    /// <summary>Diagnostics, so that standard output stays machine-readable.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether a person watches a terminal: colours and the live bench display are only drawn then.</summary>
    public bool IsInteractive { get; }

    /// <summary>Rich output on <see cref="Output"/>.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Rich output on <see cref="Error"/>.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>The process's own streams; colours and live display when standard output is a terminal.</summary>
    public static CliConsole CreateSystem()
    {
        var interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        return new CliConsole(Console.In, Console.Out, Console.Error, interactive);
    }

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // A file or a pipe has no width: wrapping at an assumed 80 columns would split lines that scripts match.
        if (!interactive)
        {
            console.Profile.Width = 100_000;
        }

        return console;
    }
}
