using System.Diagnostics;
using System.Text.RegularExpressions;
using Tusk.Testing;

namespace Tusk.Docs.Tests;

/// <summary>
/// The bundled sample server (<c>samples/server/server.js</c>) as a child process on a free loopback port, started the
/// way the demo starts it: stdin is a pipe, so the server ends with the test process even if that one is killed.
/// </summary>
internal sealed partial class SampleServer : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly Process _process;
    private readonly OutputLines _output;

    private SampleServer(Process process, OutputLines output, Uri uri)
    {
        _process = process;
        _output = output;
        Uri = uri;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Uri { get; }

    /// <summary>What the server printed (bounded).</summary>
    public string Output => _output.ToString();

    /// <summary>
    /// Waits until the server has printed a line containing <paramref name="text"/>: what a client sent reaches the
    /// server, and its stdout reaches this process, some time after the client's call returned.
    /// </summary>
    /// <returns><see langword="false"/> when no such line came within <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        try
        {
            await _output.WaitForAsync(text).WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <c>npm ci</c> in <c>samples/server</c> when <c>node_modules</c> is missing or older than
    /// <c>package-lock.json</c> (the demo's rule), then starts the server and waits for its ready line.
    /// </summary>
    public static async Task<SampleServer> StartAsync(CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        var startInfo = new ProcessStartInfo(NodeEnvironment.NodeExecutable)
        {
            WorkingDirectory = Repository.SampleServerDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("server.js");
        startInfo.ArgumentList.Add("0");

        var output = new OutputLines(new BoundedTextLog(64 * 1024));
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            output.Add(line);
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups["uri"].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Add(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(ready.Task, exited).WaitAsync(ReadyTimeout, cancellationToken);
            if (first != ready.Task)
            {
                throw new NodeServerException($"The sample server exited with code {process.ExitCode} before it was ready:\n{output}");
            }

            return new SampleServer(process, output, await ready.Task);
        }
        catch (TimeoutException)
        {
            await KillAsync(process);
            throw new NodeServerException($"The sample server printed no ready line within {ReadyTimeout.TotalSeconds} s:\n{output}");
        }
        catch
        {
            await KillAsync(process);
            throw;
        }
    }

    /// <summary>Installs the sample server's npm packages if they are missing or stale.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            var directory = Repository.SampleServerDirectory;
            var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
            var locked = new FileInfo(Path.Combine(directory, "package-lock.json"));
            if (installed.Exists && installed.LastWriteTimeUtc >= locked.LastWriteTimeUtc)
            {
                return;
            }

            var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
            var result = await CommandRunner.RunAsync(
                npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], directory, InstallTimeout, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new NodeServerException($"'npm ci' failed with exit code {result.ExitCode} in {directory}:\n{result.Output}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync(_process);
        _process.Dispose();
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    [GeneratedRegex(@"ready on (?<uri>http://\S+)")]
    private static partial Regex ReadyLine();

    /// <summary>The server's output, and the waiters for a line that contains a given text.</summary>
    private sealed class OutputLines(BoundedTextLog log)
    {
        private readonly Lock _gate = new();
        private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

        public void Add(string line)
        {
            lock (_gate)
            {
                log.AppendLine(line);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                    {
                        _waiters[i].Seen.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        public Task WaitForAsync(string text)
        {
            lock (_gate)
            {
                if (log.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return Task.CompletedTask;
                }

                var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((text, seen));
                return seen.Task;
            }
        }

        public override string ToString() => log.ToString();
    }
}
