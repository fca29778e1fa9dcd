using System.Diagnostics;

namespace Tusk.Benchmarks.EndToEnd;

/// <summary>A child process whose stdout is read line by line; killed with its tree on dispose, so no server or
/// worker outlives the comparison. Closing its stdin also tells server.js to exit.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, bool quietStderr = false, IReadOnlyDictionary<string, string>? environment = null)
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

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (!quietStderr && !string.IsNullOrWhiteSpace(e.Data))
            {
                Console.Error.WriteLine($"    [{Path.GetFileName(fileName)}] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>Reads stdout until a line starts with <paramref name="prefix"/>; returns the rest of that line.</summary>
    public async Task<string> ReadLineStartingWithAsync(string prefix, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..];
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{prefix.Trim()}' line within {timeout.TotalSeconds:0} s.");
        }

        throw new InvalidOperationException($"The process exited (code {ExitCodeOrNone()}) before printing '{prefix.Trim()}'.");
    }

    private string ExitCodeOrNone() => _process.WaitForExit(1000) ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(2000))
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
