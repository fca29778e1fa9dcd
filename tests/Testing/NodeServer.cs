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

    private const int StandardErrorCapacity = 64 * 1024;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly BoundedTextLog _standardError;
    private int _disposed;

    private NodeServer(string module, Process process, BoundedTextLog standardError, JsonElement extra)
    {
        Module = module;
        _process = process;
        _standardError = standardError;
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

    /// <summary>The process id of the Node process.</summary>
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
        startInfo.ArgumentList.Add(module);
        startInfo.ArgumentList.Add(optionsJson);

        var standardError = new BoundedTextLog(StandardErrorCapacity);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(line[ReadyPrefix.Length..]);
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

    /// <summary>Kills the Node process tree and waits for it to exit. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await KillAsync(_process);
        _process.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Module} on {HttpUri}";

    private static string SerializeOptions(object? options)
    {
        var json = options is null ? "{}" : JsonSerializer.Serialize(options, options.GetType());
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? json
            : throw new ArgumentException($"Server options must serialize to a JSON object, not {json}.", nameof(options));
    }

    private static async Task<string> WaitForReadyAsync(
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
            // The process was never started or is already gone.
        }
    }
}
