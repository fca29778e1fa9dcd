using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>One balancer reached over one transport setup.</summary>
/// <param name="Balancer">HAProxy (cookie) or nginx (ip_hash).</param>
/// <param name="Transport"><c>polling</c>, <c>websocket</c> (WebSocket only) or <c>upgrade</c> (polling, then WebSocket).</param>
public sealed record ClusterTarget(Balancer Balancer, string Transport)
{
    /// <summary>The bound on every single wait in these tests.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static readonly string[] TransportSetups = ["polling", "websocket", "upgrade"];

    /// <summary>Both balancers × the three transport setups.</summary>
    public static IEnumerable<ClusterTarget> All =>
        from balancer in new[] { Balancer.Haproxy, Balancer.Nginx } from transport in TransportSetups select new ClusterTarget(balancer, transport);

    /// <summary>Options for <paramref name="transport"/> with short reconnection delays; <paramref name="configure"/> adds the rest.</summary>
    public static SocketIoClientOptions Options(string transport, Action<SocketIoClientOptions>? configure = null)
    {
        var options = new SocketIoClientOptions
        {
            Transports = transport switch
            {
                "polling" => ["polling"],
                "websocket" => ["websocket"],
                _ => ["polling", "websocket"],
            },
            Upgrade = transport == "upgrade",
            ReconnectionDelay = TimeSpan.FromMilliseconds(100),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A client through this target's balancer of <paramref name="cluster"/>; dispose it.</summary>
    internal SocketIoClient Client(SocketIoCluster cluster, Action<SocketIoClientOptions>? configure = null) =>
        new(cluster.EntryUri(Balancer), Options(Transport, configure));

    /// <summary>A WebSocket client straight to <paramref name="node"/>, bypassing the balancers; dispose it.</summary>
    internal static SocketIoClient Direct(ClusterNode node) => new(node.DirectUri, Options("websocket"));

    public override string ToString() => $"{Balancer}-{Transport}";
}
