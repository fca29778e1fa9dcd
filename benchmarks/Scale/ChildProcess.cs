using System.Diagnostics;
using System.Threading.Channels;

namespace Tusk.Benchmarks.Scale;

/// <summary>
/// A server or worker process driven by lines: commands on its stdin, answers read from its stdout with a bound.
/// Disposing closes its stdin (both kinds exit on that) and kills it if it is still there 5 s later, so nothing the
/// benchmark started outlives it.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _ = PumpAsync();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Console.Error.WriteLine($"    [{name}] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        return new ChildProcess(name, process);
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Reads lines until one starts with <paramref name="prefix"/> and returns the rest of it.</summary>
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The process exited or reported a failure first.</exception>
    public async Task<string> ReadAnswerAsync(string prefix, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(limit.Token).ConfigureAwait(false))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return line[prefix.Length..];
                    }

                    if (line.StartsWith(Protocol.Failed, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"{Name} failed: {line[Protocol.Failed.Length..]}");
                    }

                    Console.WriteLine($"    [{Name}] {line}");
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not answer '{prefix.Trim()}' within {timeout.TotalSeconds:N0} s.");
        }

        var code = _process.WaitForExit(1000) ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none yet";
        throw new InvalidOperationException($"{Name} exited (code {code}) before answering '{prefix.Trim()}'.");
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
