using System.CommandLine;
using Tusk.Cli.Commands;

namespace Tusk.Cli;

/// <summary>The <c>tusk</c> command line: <c>connect</c>, <c>emit</c>, <c>listen</c> and <c>bench</c>.</summary>
internal static class CliApp
{
    public static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("tusk: talk to any socket.io server (0.9 to 4.x) from the terminal, and load-test it.")
        {
            ConnectCommand.Create(console),
            EmitCommand.Create(console),
            ListenCommand.Create(console),
            BenchCommand.Create(console),
        };
        return root;
    }

    /// <summary>Parses and runs a command line; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(console);
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = console.Output, Error = console.Error };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command's body; a command line it cannot act on is reported on standard error with exit code 1.</summary>
    public static async Task<int> Guard(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliUsageException exception)
        {
            await console.Error.WriteLineAsync($"tusk: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }
}
