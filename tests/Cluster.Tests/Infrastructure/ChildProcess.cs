using System.Diagnostics;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>
/// A real server process the tests start (Redis, a socket.io node, HAProxy, nginx, python-socketio): its output is kept
/// (bounded) for error messages, it is ready when its <see cref="ReadyCondition"/> holds, and disposing kills it.
/// </summary>
/// <remarks>
/// Programs that do not watch their standard input (Redis, HAProxy, nginx) are started <c>tethered</c>: a small shell
/// wrapper kills them when the test host's end of the pipe closes, so a test host that crashes leaves nothing behind.
/// The Node and Python servers exit by themselves when their standard input closes.
/// </remarks>
internal sealed class ChildProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PortProbeInterval = TimeSpan.FromMilliseconds(25);
    private const int OutputCapacity = 32 * 1024;

    // Runs "$@" with stdin from /dev/null and kills it when our stdin (fd 3) reaches end of file; exits with its status.
    private const string TetherScript =
        "exec 3<&0; \"$@\" </dev/null & child=$!; " +
        "{ while read -r _; do :; done <&3; kill -9 \"$child\" 2>/dev/null; } & watcher=$!; " +
        "wait \"$child\"; status=$?; kill \"$watcher\" 2>/dev/null; exit \"$status\"";

    private readonly Process _process;
    private readonly BoundedLog _output;
    private readonly List<(string Prefix, TaskCompletionSource<string> Line)> _lineWaiters;
    private int _disposed;

    private ChildProcess(string name, Process process, BoundedLog output, List<(string Prefix, TaskCompletionSource<string> Line)> lineWaiters)
    {
        Name = name;
        _process = process;
        _output = output;
        _lineWaiters = lineWaiters;
    }

    /// <summary>What the tests call this process in messages.</summary>
    public string Name { get; }

    /// <summary>The line that made the process ready (after a <see cref="ReadyCondition.Prefix"/>, the rest of it).</summary>
    public string? ReadyLine { get; private set; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The most recent output (stdout and stderr interleaved).</summary>
    public string Output => _output.ToString();

    /// <summary>Starts <paramref name="fileName"/> and waits until <paramref name="ready"/> holds.</summary>
    /// <exception cref="ClusterEnvironmentException">It exited first, or was not ready within <see cref="ReadyTimeout"/>;
    /// the message carries its output and <paramref name="failureHint"/>.</exception>
    public static async Task<ChildProcess> StartAsync(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        ReadyCondition ready,
        CancellationToken cancellationToken,
        bool tethered = false,
        string? failureHint = null)
    {
        var startInfo = new ProcessStartInfo(tethered ? "/bin/sh" : fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (tethered)
        {
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(TetherScript);
            startInfo.ArgumentList.Add("tether");
            startInfo.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new BoundedLog(OutputCapacity);
        var readyLine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lineWaiters = new List<(string Prefix, TaskCompletionSource<string> Line)>();
        var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            output.AppendLine(line);
            if (ready.Matches(line))
            {
                readyLine.TrySetResult(ready.LinePrefix is { } prefix ? line[prefix.Length..] : line);
            }

            lock (lineWaiters)
            {
                foreach (var waiter in lineWaiters.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)).ToList())
                {
                    lineWaiters.Remove(waiter);
                    waiter.Line.TrySetResult(line[waiter.Prefix.Length..]);
                }
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        try
        {
            process.Start();
        }
        catch (Exception exception)
        {
            process.Dispose();
            throw new ClusterEnvironmentException($"Could not start {name} ('{fileName}'). {failureHint}", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildProcess(name, process, output, lineWaiters);
        try
        {
            child.ReadyLine = await WaitUntilReadyAsync(child, ready, readyLine.Task, failureHint, cancellationToken);
            return child;
        }
        catch
        {
            await child.KillAsync();
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="line"/> to the process's standard input and waits (bounded by <see cref="ReadyTimeout"/>)
    /// for the next line it prints that starts with <paramref name="replyPrefix"/>; returns the rest of that line.
    /// </summary>
    /// <exception cref="ClusterEnvironmentException">It exited first, or did not answer within the bound.</exception>
    public async Task<string> AskAsync(string line, string replyPrefix)
    {
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lineWaiters)
        {
            _lineWaiters.Add((replyPrefix, reply));
        }

        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        var exited = _process.WaitForExitAsync(timeout.Token);
        try
        {
            if (await Task.WhenAny(reply.Task, exited) == reply.Task)
            {
                return await reply.Task;
            }

            await exited;
        }
        catch (OperationCanceledException)
        {
            throw new ClusterEnvironmentException($"{Name} did not answer '{line}' within {ReadyTimeout.TotalSeconds:0} s.\nOutput:\n{Output}");
        }

        // As in WaitUntilReadyAsync: the exit can be seen before the line's continuation has run.
        return reply.Task.IsCompletedSuccessfully
            ? reply.Task.Result
            : throw new ClusterEnvironmentException($"{Name} exited with code {_process.ExitCode} before it answered '{line}'.\nOutput:\n{Output}");
    }

    /// <summary>SIGKILL, as a crash: no cleanup runs in the process. Waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
    }

    /// <summary>SIGTERM, as an orderly stop (a rolling restart): waits until the process has exited by itself.</summary>
    /// <exception cref="ClusterEnvironmentException">It did not exit within the bound (it is then killed).</exception>
    public async Task TerminateAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync().WaitAsync(ExitTimeout);
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new ClusterEnvironmentException($"{Name} did not exit within {ExitTimeout.TotalSeconds:0} s of SIGTERM. Output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await KillAsync();
        _process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {_process.Id})";

    private static async Task<string?> WaitUntilReadyAsync(
        ChildProcess child, ReadyCondition ready, Task<string> readyLine, string? failureHint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        var exited = child._process.WaitForExitAsync(timeout.Token);
        try
        {
            if (ready.Ports.Length == 0)
            {
                var first = await Task.WhenAny(readyLine, exited).WaitAsync(timeout.Token);
                if (first == readyLine)
                {
                    return await readyLine;
                }
            }
            else
            {
                foreach (var port in ready.Ports)
                {
                    // A program that prints nothing when it listens offers nothing to await but the port itself.
                    while (!exited.IsCompleted && !await LoopbackPorts.AcceptsAsync(port, timeout.Token))
                    {
                        await Task.Delay(PortProbeInterval, timeout.Token);
                    }
                }

                if (!exited.IsCompleted)
                {
                    return null;
                }
            }

            await exited;

            // The exit and the ready line can both have happened: the line's continuation runs asynchronously, so
            // WhenAny may see the exit first. WaitForExitAsync returns only after the redirected output has been read
            // to its end, so a ready line the process printed has been seen by now.
            if (readyLine.IsCompletedSuccessfully)
            {
                return readyLine.Result;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterEnvironmentException(
                $"{child.Name} was not ready within {ReadyTimeout.TotalSeconds:0} s. {failureHint}\nOutput:\n{child.Output}");
        }

        throw new ClusterEnvironmentException(
            $"{child.Name} exited with code {child._process.ExitCode} before it was ready. {failureHint}\nOutput:\n{child.Output}");
    }
}
