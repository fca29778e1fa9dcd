using System.Collections.Concurrent;
using System.Text.Json;

namespace Tusk.Testing;

/// <summary>
/// Servers shared by the tests of one test assembly (one test process): the same module and options give the same
/// running server. Each test project disposes them all in its <c>[SetUpFixture]</c> via <see cref="DisposeAllAsync"/>.
/// </summary>
/// <remarks>
/// <para>Do not dispose a shared server yourself, and do not change its state in ways other tests would notice;
/// start a dedicated one with <see cref="NodeServer.StartAsync"/> for that.</para>
/// <para>All of them run in one Node process per test process (<see cref="NodeServerHost"/>), each on its own port:
/// SocketIO.Tests asks for some 30 option sets of eight modules, and a Node process costs about 0.25 CPU-s to start.
/// No module needs a process of its own: each npm package brings its own dependencies (socket.io 0.9's old ones
/// included) and none patches a built-in or a global; the hostile Engine.IO server only answers its own connections,
/// and a stray error after start-up is logged, not fatal (index.js). What the modules keep process-wide (the refused
/// handshake keys of lib/handshake-refusals.js, the binary parts of lib/socketio-scenarios.js) is keyed by values each
/// test makes unique.</para>
/// </remarks>
public static class TestServers
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NodeServer>>> Servers = new(StringComparer.Ordinal);
    private const string HostName = "the test servers";
    private static readonly Lock HostGate = new();
    private static Lazy<Task<NodeServerHost>>? _host;

    /// <summary>Returns the shared server for <paramref name="module"/> and <paramref name="options"/>, starting it on first use.</summary>
    /// <param name="module">File name in <c>tests/servers/modules</c> without <c>.js</c>.</param>
    /// <param name="options">Server options (compared by their JSON form).</param>
    /// <param name="cancellationToken">Stops this caller's wait; the shared start keeps going for others.</param>
    /// <exception cref="NodeServerException">The server could not be started (a later call tries again).</exception>
    public static async Task<NodeServer> GetSharedAsync(string module, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        var key = module + "\n" + (options is null ? "{}" : JsonSerializer.Serialize(options, options.GetType()));
        var entry = Servers.GetOrAdd(key, _ => new Lazy<Task<NodeServer>>(() => StartHostedAsync(module, options)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (NodeServerException)
        {
            // Forget the failed start so the next test gets a fresh attempt (and its own, current error).
            Servers.TryRemove(new KeyValuePair<string, Lazy<Task<NodeServer>>>(key, entry));
            throw;
        }
    }

    /// <summary>
    /// Starts a server of <paramref name="module"/> for the caller alone (never handed to another caller), in the
    /// host process of the shared servers: cheaper than <see cref="NodeServer.StartAsync"/> for a server a
    /// test only needs fresh, such as a proxy whose log it reads. Disposing it does nothing: it stops with the shared
    /// servers in <see cref="DisposeAllAsync"/>. A test that must stop or kill its server needs a dedicated one.
    /// </summary>
    /// <param name="module">File name in <c>tests/servers/modules</c> without <c>.js</c>.</param>
    /// <param name="options">Server options.</param>
    /// <exception cref="NodeServerException">The server could not be started.</exception>
    public static Task<NodeServer> StartOwnAsync(string module, object? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        return StartHostedAsync(module, options);
    }

    /// <summary>Stops every shared server started so far (and the servers of <see cref="StartOwnAsync"/>).</summary>
    public static async Task DisposeAllAsync()
    {
        foreach (var (key, entry) in Servers.ToArray())
        {
            Servers.TryRemove(new KeyValuePair<string, Lazy<Task<NodeServer>>>(key, entry));
        }

        Lazy<Task<NodeServerHost>>? hostEntry;
        lock (HostGate)
        {
            hostEntry = _host;
            _host = null;
        }

        if (hostEntry is not { IsValueCreated: true })
        {
            return;
        }

        NodeServerHost host;
        try
        {
            host = await hostEntry.Value;
        }
        catch (NodeServerException)
        {
            return;
        }

        await host.DisposeAsync();
    }

    private static async Task<NodeServer> StartHostedAsync(string module, object? options)
    {
        Lazy<Task<NodeServerHost>> entry;
        lock (HostGate)
        {
            entry = _host ??= new Lazy<Task<NodeServerHost>>(() => NodeServerHost.StartAsync(HostName, CancellationToken.None));
        }

        NodeServerHost host;
        try
        {
            host = await entry.Value;
        }
        catch (NodeServerException)
        {
            Forget(entry);
            throw;
        }

        try
        {
            return await host.StartServerAsync(module, options, CancellationToken.None);
        }
        catch (NodeServerException) when (host.HasExited)
        {
            // A host that died is replaced on the next call, which then reports its own error.
            Forget(entry);
            await host.DisposeAsync();
            throw;
        }
    }

    private static void Forget(Lazy<Task<NodeServerHost>> entry)
    {
        lock (HostGate)
        {
            if (ReferenceEquals(_host, entry))
            {
                _host = null;
            }
        }
    }
}
