using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tusk.Testing;

/// <summary>
/// One real Node.js server process started from <c>tests/servers/index.js &lt;module&gt; [json-options]</c>,
/// listening on a free 127.0.0.1 port. Disposing it kills the process tree.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    /// <summary>The line prefix index.js prints once the module listens.</summary>
    public const string ReadyPrefix = "TUSK_SERVER_READY ";

    /// <summary>How long <see cref="StartAsync"/> waits for the ready line (Node startup included; npm ci excluded).</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    internal const int StandardErrorCapacity = 64 * 1024;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly BoundedTextLog _standardError;
    // False for a server that runs inside a NodeServerHost's process with others: that process is the host's to stop.
    private readonly bool _ownsProcess;
    private int _disposed;

    internal NodeServer(string module, Process process, BoundedTextLog standardError, JsonElement extra, bool ownsProcess = true)
    {
        Module = module;
        _process = process;
        _standardError = standardError;
        _ownsProcess = ownsProcess;
        Extra = extra;
        Port = extra.GetProperty("port").GetInt32();
        HttpUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));
        WebSocketUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}/"));
    }

    /// <summary>The module name (file in <c>tests/servers/modules</c> without <c>.js</c>).</summary>
    public string Module { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{Port}/</c>.</summary>
    public Uri HttpUri { get; }

    /// <summary><c>ws://127.0.0.1:{Port}/</c>.</summary>
    public Uri WebSocketUri { get; }

    /// <summary>The whole JSON object the module's <c>start()</c> returned (<c>port</c> plus module-specific fields).</summary>
    public JsonElement Extra { get; }

    /// <summary>The process id of the Node process (for a shared server, the process hosting its module's shared servers).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the Node process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The most recent standard error output of the Node process (bounded).</summary>
    public string StandardError => _standardError.ToString();

    /// <summary>
    /// Installs the npm packages if needed (<see cref="NodeEnvironment.EnsureInstalledAsync"/>), starts
    /// <paramref name="module"/> with <paramref name="options"/> and waits for it to listen.
    /// </summary>
    /// <param name="module">File name in <c>tests/servers/modules</c> without <c>.js</c>, e.g. <c>sio-v4</c>.</param>
    /// <param name="options">Serialized with System.Text.Json (property names as written) and passed as json-options.</param>
    /// <param name="cancellationToken">Cancels the start; the process is killed.</param>
    /// <exception cref="NodeServerException">The server exited, printed no ready line within <see cref="ReadyTimeout"/>,
    /// or Node.js is unavailable. The message includes the server's standard error.</exception>
    public static async Task<NodeServer> StartAsync(string module, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        var directory = await NodeEnvironment.EnsureInstalledAsync(cancellationToken);
        var optionsJson = SerializeOptions(options);

        var standardError = new BoundedTextLog(StandardErrorCapacity);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = StartProcess(directory, [module, optionsJson], module, standardError, line =>
        {
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(line[ReadyPrefix.Length..]);
            }
        });
        try
        {
            var readyJson = await WaitForReadyAsync(module, process, ready.Task, standardError, cancellationToken);
            using var document = JsonDocument.Parse(readyJson);
            return new NodeServer(module, process, standardError, document.RootElement.Clone());
        }
        catch
        {
            await KillAsync(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Kills the Node process tree and waits for it to exit. Safe to call more than once. A shared server
    /// (<see cref="TestServers.GetSharedAsync"/>) runs in a process with the module's other shared servers: disposing it
    /// does nothing, <see cref="TestServers.DisposeAllAsync"/> stops them all.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_ownsProcess)
        {
            await KillAsync(_process);
            _process.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Module} on {HttpUri}";

    /// <summary>
    /// Starts <c>node index.js &lt;arguments&gt;</c> in <paramref name="directory"/> with its standard streams redirected:
    /// stdout lines go to <paramref name="onOutputLine"/>, stderr to <paramref name="standardError"/>.
    /// </summary>
    internal static Process StartProcess(
        string directory, IEnumerable<string> arguments, string module, BoundedTextLog standardError, Action<string> onOutputLine)
    {
        var startInfo = new ProcessStartInfo(NodeEnvironment.NodeExecutable)
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            // Node exits when this pipe closes, so a crashed test host never leaves servers behind.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(directory, "index.js"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                onOutputLine(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                standardError.AppendLine(e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (Exception exception)
        {
            process.Dispose();
            throw new NodeServerException($"Could not start '{NodeEnvironment.NodeExecutable}' for test server '{module}'.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static string SerializeOptions(object? options)
    {
        var json = options is null ? "{}" : JsonSerializer.Serialize(options, options.GetType());
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? json
            : throw new ArgumentException($"Server options must serialize to a JSON object, not {json}.", nameof(options));
    }

    internal static async Task<string> WaitForReadyAsync(
        string module, Process process, Task<string> ready, BoundedTextLog standardError, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(ReadyTimeout);
        var exited = process.WaitForExitAsync(timeoutSource.Token);
        try
        {
            var first = await Task.WhenAny(ready, exited).WaitAsync(timeoutSource.Token);
            if (first == ready)
            {
                return await ready;
            }

            await exited;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeServerException(
                $"Test server '{module}' printed no '{ReadyPrefix.Trim()}' line within {ReadyTimeout.TotalSeconds:0} s. stderr:\n{standardError}");
        }

        throw new NodeServerException(
            $"Test server '{module}' exited with code {process.ExitCode} before it was ready. stderr:\n{standardError}");
    }

    internal static async Task KillAsync(Process process)
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
            // The process was never started or is already gone.
        }
    }
}
