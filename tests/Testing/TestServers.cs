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
/// <para>The shared servers of one module run in one Node process (<see cref="NodeServerHost"/>), each on its own port:
/// SocketIO.Tests asks for 29 option sets of six modules, and a Node process costs about 0.25 CPU-s to start.</para>
/// </remarks>
public static class TestServers
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NodeServer>>> Servers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<Task<NodeServerHost>>> Hosts = new(StringComparer.Ordinal);

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
    /// module's host process like the shared servers: cheaper than <see cref="NodeServer.StartAsync"/> for a server a
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

        var hosts = Hosts.ToArray();
        foreach (var (module, entry) in hosts)
        {
            Hosts.TryRemove(new KeyValuePair<string, Lazy<Task<NodeServerHost>>>(module, entry));
        }

        foreach (var (_, entry) in hosts)
        {
            if (!entry.IsValueCreated)
            {
                continue;
            }

            NodeServerHost host;
            try
            {
                host = await entry.Value;
            }
            catch (NodeServerException)
            {
                continue;
            }

            await host.DisposeAsync();
        }
    }

    private static async Task<NodeServer> StartHostedAsync(string module, object? options)
    {
        var entry = Hosts.GetOrAdd(module, _ => new Lazy<Task<NodeServerHost>>(() => NodeServerHost.StartAsync(module, CancellationToken.None)));
        NodeServerHost host;
        try
        {
            host = await entry.Value;
        }
        catch (NodeServerException)
        {
            Hosts.TryRemove(new KeyValuePair<string, Lazy<Task<NodeServerHost>>>(module, entry));
            throw;
        }

        try
        {
            return await host.StartServerAsync(options, CancellationToken.None);
        }
        catch (NodeServerException) when (host.HasExited)
        {
            // A host that died (or never got its module loaded) is replaced on the next call, which then reports its own error.
            Hosts.TryRemove(new KeyValuePair<string, Lazy<Task<NodeServerHost>>>(module, entry));
            await host.DisposeAsync();
            throw;
        }
    }
}
