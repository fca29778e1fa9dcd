using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tusk.SocketIO;
using Tusk.Testing;

namespace Tusk.Docs.Tests;

/// <summary>
/// The bundled sample server runs in a terminal, in the background and from scripts, and stops when told to
/// (samples/server/server.js, first comment).
/// </summary>
[TestFixture]
// Its tests one at a time (each starts the sample server in a shell of its own), beside the other fixtures.
[Parallelizable(ParallelScope.Self)]
public sealed partial class SampleServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [OneTimeSetUp]
    public Task InstallAsync() => SampleServer.EnsureInstalledAsync(CancellationToken.None);

    [TestCase("node server.js 0 <&- &", TestName = "A script starts it in the background with stdin closed")]
    [TestCase("node server.js 0 </dev/null &", TestName = "A script starts it in the background with stdin from /dev/null")]
    [TestCase("nohup node server.js 0 &", TestName = "A script starts it in the background with nohup")]
    public async Task A_script_starts_it_in_the_background_and_stops_it_with_kill(string start)
    {
        // The script returns at once; the server keeps the script's stdout, so its lines still reach us.
        await using var script = Run("bash", ["-c", $"{start}\necho \"pid $!\""]);
        await script.ExitedAsync().WaitAsync(Timeout);
        var pid = int.Parse(await script.LineAsync(PidLine()), CultureInfo.InvariantCulture);

        try
        {
            var uri = new Uri(await script.LineAsync(ReadyLine()));
            await AssertServesAsync(uri);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(Timeout);
        }

        await script.OutputClosedAsync().WaitAsync(Timeout); // the server exited, closing the stdout it held
    }

    [Test]
    public async Task A_background_job_of_an_interactive_shell_keeps_serving()
    {
        // `script` gives bash a terminal, so the job runs as in a user's shell with job control. A job that reads the
        // terminal is stopped by the kernel ("Stopped (tty input)") as soon as there is something to read, as when
        // the user types the next command, and then never answers.
        await using var terminal = Run(
            "script", ["-qfec", "bash --norc --noprofile -i -c 'node server.js 0 & echo \"pid $!\"; wait'", "/dev/null"]);
        var pid = int.Parse(await terminal.LineAsync(PidLine()), CultureInfo.InvariantCulture);
        try
        {
            var uri = new Uri(await terminal.LineAsync(ReadyLine()));
            await terminal.TypeAsync("ls");
            await AssertServesAsync(uri);
        }
        finally
        {
            using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(Timeout);
        }

        await terminal.ExitedAsync().WaitAsync(Timeout); // `wait` returned: the job ended on SIGTERM
    }

    [Test]
    public async Task It_stops_when_the_pipe_on_its_stdin_closes()
    {
        await using var server = Run("node", ["server.js", "0"]);
        await AssertServesAsync(new Uri(await server.LineAsync(ReadyLine())));

        server.CloseStandardInput(); // what happens when the program that started it dies

        await server.ExitedAsync().WaitAsync(Timeout);
    }

    [Test]
    public async Task With_keep_running_it_outlives_the_pipe_on_its_stdin()
    {
        await using var server = Run("node", ["server.js", "0", "--keep-running"]);
        var uri = new Uri(await server.LineAsync(ReadyLine()));

        server.CloseStandardInput();

        await AssertServesAsync(uri);
        Assert.That(server.HasExited, Is.False);
    }

    private static async Task AssertServesAsync(Uri uri)
    {
        await using var client = new SocketIoClient(uri, new SocketIoClientOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AckTimeout = TimeSpan.FromSeconds(10),
            Reconnection = false,
        });
        await client.ConnectAsync();

        Assert.That(await client.EmitWithAckAsync<string>("echo", "still serving"), Is.EqualTo("still serving"));
    }

    private static ChildProcess Run(string fileName, string[] arguments) =>
        ChildProcess.Start(fileName, arguments, Repository.SampleServerDirectory);

    [GeneratedRegex(@"^pid (?<value>\d+)")]
    private static partial Regex PidLine();

    [GeneratedRegex(@"ready on (?<value>http://\S+)")]
    private static partial Regex ReadyLine();

    /// <summary>A child process whose stdin is a pipe we hold and whose output lines we can await.</summary>
    private sealed class ChildProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly BoundedTextLog _output = new(64 * 1024);
        private readonly List<(Regex Pattern, TaskCompletionSource<string> Found)> _waiters = [];
        private readonly List<string> _lines = [];
        private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();

        private ChildProcess(Process process) => _process = process;

        public bool HasExited => _process.HasExited;

        public static ChildProcess Start(string fileName, string[] arguments, string directory)
        {
            var startInfo = new ProcessStartInfo(fileName, arguments)
            {
                WorkingDirectory = directory,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var child = new ChildProcess(new Process { StartInfo = startInfo, EnableRaisingEvents = true });
            // Exited, unlike WaitForExitAsync, does not also wait for the end of the output, which a background
            // server started by the process keeps open.
            child._process.Exited += (_, _) => child._exited.TrySetResult();
            child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
            child._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    child._output.AppendLine(e.Data);
                }
            };
            child._process.Start();
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        /// <summary>The first output line (seen or to come) matching <paramref name="pattern"/>: its "value" group.</summary>
        public async Task<string> LineAsync(Regex pattern)
        {
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                var seen = _lines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success);
                if (seen is not null)
                {
                    return seen.Groups["value"].Value;
                }

                _waiters.Add((pattern, found));
            }

            try
            {
                return await found.Task.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No output line matched /{pattern}/ within {Timeout.TotalSeconds} s. Output:\n{_output}");
            }
        }

        public Task ExitedAsync() => _exited.Task;

        public Task OutputClosedAsync() => _outputClosed.Task;

        public void CloseStandardInput() => _process.StandardInput.Close();

        /// <summary>Writes a line to the process's stdin (for <c>script</c>: input on its terminal).</summary>
        public async Task TypeAsync(string line)
        {
            await _process.StandardInput.WriteAsync(line + "\n");
            await _process.StandardInput.FlushAsync();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                await _exited.Task.WaitAsync(Timeout);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        private void OnLine(string? line)
        {
            if (line is null)
            {
                _outputClosed.TrySetResult();
                return;
            }

            _output.AppendLine(line);
            lock (_gate)
            {
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(w => w.Pattern.IsMatch(line)).ToList())
                {
                    waiter.Found.TrySetResult(waiter.Pattern.Match(line).Groups["value"].Value);
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
