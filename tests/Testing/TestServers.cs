using System.Collections.Concurrent;
using System.Text.Json;

namespace Tusk.Testing;

/// <summary>
/// Servers shared by the tests of one test assembly (one test process): the same module and options give the same
/// running server. Each test project disposes them all in its <c>[SetUpFixture]</c> via <see cref="DisposeAllAsync"/>.
/// </summary>
/// <remarks>Do not dispose a shared server yourself, and do not change its state in ways other tests would notice;
/// start a dedicated one with <see cref="NodeServer.StartAsync"/> for that.</remarks>
public static class TestServers
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<NodeServer>>> Servers = new(StringComparer.Ordinal);

    /// <summary>Returns the shared server for <paramref name="module"/> and <paramref name="options"/>, starting it on first use.</summary>
    /// <param name="module">File name in <c>tests/servers/modules</c> without <c>.js</c>.</param>
    /// <param name="options">Server options (compared by their JSON form).</param>
    /// <param name="cancellationToken">Stops this caller's wait; the shared start keeps going for others.</param>
    /// <exception cref="NodeServerException">The server could not be started (a later call tries again).</exception>
    public static async Task<NodeServer> GetSharedAsync(string module, object? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        var key = module + "\n" + (options is null ? "{}" : JsonSerializer.Serialize(options, options.GetType()));
        var entry = Servers.GetOrAdd(key, _ => new Lazy<Task<NodeServer>>(() => NodeServer.StartAsync(module, options, CancellationToken.None)));
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

    /// <summary>Stops every shared server started so far.</summary>
    public static async Task DisposeAllAsync()
    {
        var entries = Servers.ToArray();
        foreach (var (key, entry) in entries)
        {
            Servers.TryRemove(new KeyValuePair<string, Lazy<Task<NodeServer>>>(key, entry));
        }

        foreach (var (_, entry) in entries)
        {
            if (!entry.IsValueCreated)
            {
                continue;
            }

            NodeServer server;
            try
            {
                server = await entry.Value;
            }
            catch (NodeServerException)
            {
                continue;
            }

            await server.DisposeAsync();
        }
    }
}
