using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tusk.Testing;

/// <summary>
/// One Node process (<c>node index.js --host</c>) that runs any number of servers of any modules, each with its own
/// options on its own port: the servers of <see cref="TestServers"/>. Starting a Node process costs about 0.25 CPU-s
/// (runtime start-up, then loading socket.io); a second server in a running process costs almost nothing, and a test
/// assembly asks for some 30 option sets of up to eight modules.
/// </summary>
/// <remarks>The servers live until the host is disposed (its process tree is killed).</remarks>
internal sealed class NodeServerHost : IAsyncDisposable
{
    private const string ReadyPrefix = "TUSK_HOSTED_READY ";
    private const string FailedPrefix = "TUSK_HOSTED_FAILED ";

    private readonly string _name;
    private readonly Process _process;
    private readonly BoundedTextLog _standardError;
    private readonly ConcurrentDictionary<int, (string Module, TaskCompletionSource<string> Ready)> _pending = new();
    private readonly Lock _writeGate = new();
    private int _lastId;
    private int _disposed;

    private NodeServerHost(string name, string directory)
    {
        _name = name;
        _standardError = new BoundedTextLog(NodeServer.StandardErrorCapacity);
        _process = NodeServer.StartProcess(directory, ["--host"], name, _standardError, OnOutputLine);
    }

    /// <summary>Whether the host process has exited (then every server it ran is gone).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a host process; its servers start with <see cref="StartServerAsync"/>.</summary>
    /// <param name="name">What the host is called in error messages (the module it is kept for, or "the test servers").</param>
    /// <param name="cancellationToken">Stops waiting for the npm installation.</param>
    /// <exception cref="NodeServerException">Node.js is unavailable or the npm packages could not be installed.</exception>
    public static async Task<NodeServerHost> StartAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var directory = await NodeEnvironment.EnsureInstalledAsync(cancellationToken);
        return new NodeServerHost(name, directory);
    }

    /// <summary>Starts one more server of <paramref name="module"/> with <paramref name="options"/> and waits for it to listen.</summary>
    /// <exception cref="NodeServerException">The server could not start, or the host exited or did not answer within
    /// <see cref="NodeServer.ReadyTimeout"/>. The message includes the host's standard error.</exception>
    public async Task<NodeServer> StartServerAsync(string module, object? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        if (module.Any(char.IsWhiteSpace))
        {
            // The module name is a field of a space-separated request line.
            throw new ArgumentException($"A module name has no white space: '{module}'.", nameof(module));
        }

        var optionsJson = NodeServer.SerializeOptions(options);
        var id = Interlocked.Increment(ref _lastId);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (module, ready);
        try
        {
            lock (_writeGate)
            {
                // System.Text.Json writes no line breaks (it escapes those inside strings), so one line is one request.
                _process.StandardInput.Write(string.Create(CultureInfo.InvariantCulture, $"{id} {module} {optionsJson}\n"));
                _process.StandardInput.Flush();
            }
        }
        catch (IOException exception)
        {
            _pending.TryRemove(id, out _);
            throw new NodeServerException(
                $"The host of test server '{module}' ({_name}) is gone (exit code {ExitCodeText()}). stderr:\n{_standardError}", exception);
        }

        try
        {
            var readyJson = await NodeServer.WaitForReadyAsync(module, _process, ready.Task, _standardError, cancellationToken);
            using var document = JsonDocument.Parse(readyJson);
            return new NodeServer(module, _process, _standardError, document.RootElement.Clone(), ownsProcess: false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Kills the host process tree (every server it runs) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await NodeServer.KillAsync(_process);
        _process.Dispose();
    }

    private void OnOutputLine(string line)
    {
        var failed = line.StartsWith(FailedPrefix, StringComparison.Ordinal);
        if (!failed && !line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var rest = line[(failed ? FailedPrefix : ReadyPrefix).Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0
            || !int.TryParse(rest.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !_pending.TryGetValue(id, out var request))
        {
            return;
        }

        var (module, ready) = request;
        var payload = rest[(space + 1)..];
        if (failed)
        {
            ready.TrySetException(new NodeServerException(
                $"Test server '{module}' could not start: {JsonSerializer.Deserialize<string>(payload)}. stderr:\n{_standardError}"));
        }
        else
        {
            ready.TrySetResult(payload);
        }
    }

    private string ExitCodeText()
    {
        try
        {
            return _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none yet";
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }
}
