using System.Diagnostics;
using System.Text.RegularExpressions;
using Tusk.Docs.Tests;
using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary>
/// The real <c>tusk</c> program in a pseudo-terminal (util-linux <c>script</c> gives it one, as a person's terminal
/// would), typed at against the bundled sample server (<c>samples/server</c>): what a person sees and types.
/// </summary>
/// <remarks>It shares nothing with the other fixtures (its own sample server, its own process and terminal), so it runs
/// beside them instead of alone at the end of the assembly.</remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed partial class TerminalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Tusk_connect_in_a_terminal_shows_events_as_they_arrive_and_takes_commands()
    {
        await using var server = await SampleServer.StartAsync(CancellationToken.None);
        var tuskDll = Path.Combine(AppContext.BaseDirectory, "tusk.dll");
        Assert.That(File.Exists(tuskDll), Is.True, tuskDll);
        var command = $"dotnet exec '{tuskDll}' connect {server.Uri} --transport polling";
        using var terminal = TerminalProcess.Start("script", ["-qfec", command, "/dev/null"]);
        try
        {
            await terminal.Output.LineAsync("/ connected, socket id", Bound);
            await terminal.Output.LineAsync("<- / hello", Bound); // 500 ms after connecting, while the prompt waits

            await terminal.TypeAsync("join /news");
            await terminal.Output.LineAsync("<- /news headline", Bound);
            await terminal.Output.LineAsync("\"Tusk speaks socket.io\"", Bound);

            await terminal.TypeAsync("emit --ack subscribe \"releases\"");
            await terminal.Output.LineAsync("<- ack /news subscribe", Bound);
            await terminal.Output.LineAsync("\"subscribed\": true", Bound);

            await terminal.TypeAsync("upgrade");
            await terminal.Output.LineAsync("transport now: websocket", Bound);

            await terminal.TypeAsync("disconnect");
            Assert.That(await terminal.ExitAsync(Bound), Is.Zero, terminal.Output.Text);
        }
        finally
        {
            terminal.Kill();
        }

        // A terminal gets colours (the lines above were read without them).
        Assert.That(terminal.Raw.Text, Does.Match(@"\u001b\[[0-9;]+m<-"));
    }

    /// <summary>A child process whose output is watched line by line and whose input the test types.</summary>
    private sealed partial class TerminalProcess : IDisposable
    {
        private readonly Process _process;

        private TerminalProcess(Process process) => _process = process;

        /// <summary>What the terminal showed, without colour and cursor escapes.</summary>
        public WatchedWriter Output { get; } = new();

        /// <summary>What the terminal showed, escapes included.</summary>
        public WatchedWriter Raw { get; } = new();

        public static TerminalProcess Start(string file, IEnumerable<string> arguments)
        {
            var startInfo = new ProcessStartInfo(file)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            startInfo.Environment["TERM"] = "xterm-256color";
            // The test process's own JIT setting (Properties/launchSettings.json) is not tusk's: tusk runs as a user runs it.
            startInfo.Environment.Remove("DOTNET_TC_CallCountThreshold");
            var terminal = new TerminalProcess(new Process { StartInfo = startInfo });
            terminal._process.OutputDataReceived += (_, e) => terminal.Show(e.Data);
            terminal._process.ErrorDataReceived += (_, e) => terminal.Show(e.Data);
            terminal._process.Start();
            terminal._process.BeginOutputReadLine();
            terminal._process.BeginErrorReadLine();
            return terminal;
        }

        public async Task TypeAsync(string line)
        {
            await _process.StandardInput.WriteAsync(line + "\n");
            await _process.StandardInput.FlushAsync();
        }

        public async Task<int> ExitAsync(TimeSpan bound)
        {
            await _process.WaitForExitAsync().WaitAsync(bound);
            return _process.ExitCode;
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        public void Dispose() => _process.Dispose();

        private void Show(string? line)
        {
            if (line is not null)
            {
                Raw.WriteLine(line);
                Output.WriteLine(Escapes().Replace(line, string.Empty));
            }
        }

        [GeneratedRegex(@"\u001b(\[[0-9;?]*[A-Za-z]|[=>])")]
        private static partial Regex Escapes();
    }
}
