using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Tusk.Samples.Demo;

/// <summary>The bundled socket.io 4 server (samples/server) as a child process: installed once, stopped with the demo.</summary>
internal sealed partial class SampleServer : IAsyncDisposable
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _node;

    private SampleServer(Process node, Uri uri)
    {
        _node = node;
        Uri = uri;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Uri { get; }

    /// <summary>Installs the server's packages if needed, starts it on a free loopback port and waits for its ready line.</summary>
    public static async Task<SampleServer> StartAsync(Action<string> report, CancellationToken cancellationToken)
    {
        var directory = FindDirectory();
        if (NeedsInstall(directory))
        {
            report("installing the server's npm packages (npm ci, first run only)");
            await InstallAsync(directory, cancellationToken);
        }

        var node = StartProcess("node", ["server.js", "0"], directory, redirectInput: true);
        try
        {
            var uri = await ReadReadyLineAsync(node, cancellationToken);
            _ = DiscardOutputAsync(node); // keep the pipe flowing so the server never blocks on a full stdout
            return new SampleServer(node, uri);
        }
        catch
        {
            Stop(node);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_node);
        await _node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _node.Dispose();
    }

    private static string FindDirectory()
    {
        var directory = typeof(SampleServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SampleServerDirectory").Value!;
        return File.Exists(Path.Combine(directory, "server.js"))
            ? directory
            : throw new DemoException($"The bundled server is missing: {Path.Combine(directory, "server.js")} does not exist.");
    }

    // npm ci writes node_modules/.package-lock.json; when it is older than package-lock.json the install is stale.
    private static bool NeedsInstall(string directory)
    {
        var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
        var locked = new FileInfo(Path.Combine(directory, "package-lock.json"));
        return !installed.Exists || installed.LastWriteTimeUtc < locked.LastWriteTimeUtc;
    }

    private static async Task InstallAsync(string directory, CancellationToken cancellationToken)
    {
        using var npm = OperatingSystem.IsWindows()
            ? StartProcess("cmd.exe", ["/c", "npm", "ci", "--no-audit", "--no-fund"], directory, redirectInput: false)
            : StartProcess("npm", ["ci", "--no-audit", "--no-fund"], directory, redirectInput: false);
        var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await npm.WaitForExitAsync(cancellationToken).WaitAsync(InstallTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Stop(npm);
            throw new DemoException($"npm ci did not finish within {InstallTimeout.TotalMinutes} minutes in {directory}.");
        }
        catch (OperationCanceledException)
        {
            Stop(npm);
            throw;
        }

        if (npm.ExitCode != 0)
        {
            throw new DemoException($"npm ci failed with exit code {npm.ExitCode} in {directory}:{Environment.NewLine}{await errors}{await output}");
        }
    }

    private static Process StartProcess(string fileName, string[] arguments, string directory, bool redirectInput)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = redirectInput, // the server exits when this pipe closes, even if the demo is killed
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            return Process.Start(startInfo) ?? throw new DemoException($"Could not start {fileName}.");
        }
        catch (Win32Exception e)
        {
            throw new DemoException($"Could not start '{fileName}' ({e.Message}). The demo needs Node.js 20+ and npm on the PATH.");
        }
    }

    private static async Task<Uri> ReadReadyLineAsync(Process node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ReadyLine().Match(line) is { Success: true } match)
                {
                    return new Uri(match.Groups["uri"].Value);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DemoException($"The sample server printed no ready line within {StartTimeout.TotalSeconds} s.");
        }

        var errors = await node.StandardError.ReadToEndAsync(cancellationToken);
        throw new DemoException($"The sample server exited before it was ready:{Environment.NewLine}{errors}");
    }

    private static async Task DiscardOutputAsync(Process node)
    {
        var errors = node.StandardError.ReadToEndAsync();
        while (await node.StandardOutput.ReadLineAsync() is not null)
        {
        }

        await errors;
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    [GeneratedRegex(@"ready on (?<uri>http://\S+)")]
    private static partial Regex ReadyLine();
}
