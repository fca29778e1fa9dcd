namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>
/// Three socket.io 4.8 nodes sharing one Redis through an adapter, with HAProxy and nginx in front: all real processes
/// on free loopback ports, started together and stopped together.
/// </summary>
internal sealed class SocketIoCluster : IAsyncDisposable
{
    public const int NodeCount = 3;

    private SocketIoCluster(RedisServer redis, IReadOnlyList<ClusterNode> nodes, HaproxyBalancer haproxy, NginxBalancer nginx)
    {
        Redis = redis;
        Nodes = nodes;
        Haproxy = haproxy;
        Nginx = nginx;
    }

    public RedisServer Redis { get; }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    public HaproxyBalancer Haproxy { get; }

    public NginxBalancer Nginx { get; }

    public static async Task<SocketIoCluster> StartAsync(ClusterAdapter adapter, CancellationToken cancellationToken = default)
    {
        var redis = await RedisServer.StartAsync(cancellationToken);
        var started = new List<IAsyncDisposable> { redis };
        try
        {
            // One prefix per cluster keeps its Redis keys apart from anything else's.
            var prefix = "tusk-" + Guid.NewGuid().ToString("N")[..8];
            var nodes = await Task.WhenAll(Enumerable.Range(1, NodeCount).Select(i =>
                StartTracked(ClusterNode.StartAsync($"n{i}", redis.Url, adapter, prefix, cancellationToken), started)));
            var haproxy = StartTracked(HaproxyBalancer.StartAsync(nodes, cancellationToken), started);
            var nginx = StartTracked(NginxBalancer.StartAsync(nodes, cancellationToken), started);
            return new SocketIoCluster(redis, nodes, await haproxy, await nginx);
        }
        catch
        {
            await DisposeAllAsync(started);
            throw;
        }
    }

    /// <summary>The entry point of <paramref name="balancer"/>.</summary>
    public Uri EntryUri(Balancer balancer) => balancer switch
    {
        Balancer.Haproxy => Haproxy.StickyUri,
        Balancer.Nginx => Nginx.Uri,
        _ => throw new ArgumentOutOfRangeException(nameof(balancer), balancer, null),
    };

    /// <summary>
    /// Another nginx in front of the same nodes, for a second round of node loss. nginx keeps a node it saw fail out of
    /// <c>ip_hash</c> for <c>fail_timeout</c> (2 s) and then tries it again: a new nginx has seen nothing fail yet.
    /// </summary>
    public Task<NginxBalancer> StartAnotherNginxAsync() => NginxBalancer.StartAsync(Nodes, CancellationToken.None);

    public ClusterNode Node(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name) ?? throw new ArgumentException($"No node named '{name}'.", nameof(name));

    /// <summary>A running node other than <paramref name="name"/>.</summary>
    public ClusterNode OtherNode(string name) =>
        Nodes.FirstOrDefault(n => n.Name != name && n.IsRunning) ?? throw new InvalidOperationException($"No running node besides '{name}'.");

    public async ValueTask DisposeAsync()
    {
        await DisposeAllAsync([Nginx, Haproxy, .. Nodes, Redis]);
    }

    private static async Task<T> StartTracked<T>(Task<T> start, List<IAsyncDisposable> started)
        where T : IAsyncDisposable
    {
        var value = await start;
        lock (started)
        {
            started.Add(value);
        }

        return value;
    }

    private static async Task DisposeAllAsync(IEnumerable<IAsyncDisposable> items)
    {
        foreach (var item in items)
        {
            await item.DisposeAsync();
        }
    }
}
