using System.Globalization;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>
/// A real HAProxy configured by <c>tests/cluster/balancers/haproxy.cfg</c>: a sticky frontend (SERVERID cookie,
/// strict about it) and a round-robin one without stickiness, both in front of the same nodes.
/// </summary>
internal sealed class HaproxyBalancer : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly ChildProcess _process;
    private readonly string _directory;

    private HaproxyBalancer(ChildProcess process, string directory, int stickyPort, int roundRobinPort)
    {
        _process = process;
        _directory = directory;
        StickyUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{stickyPort}/"));
        RoundRobinUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{roundRobinPort}/"));
    }

    /// <summary>Cookie stickiness (<c>cookie SERVERID insert indirect nocache</c>).</summary>
    public Uri StickyUri { get; }

    /// <summary>No stickiness: every request is balanced on its own.</summary>
    public Uri RoundRobinUri { get; }

    public static async Task<HaproxyBalancer> StartAsync(IReadOnlyList<ClusterNode> nodes, CancellationToken cancellationToken)
    {
        var executable = Prerequisites.Haproxy;
        for (var attempt = 1; ; attempt++)
        {
            var directory = ClusterFiles.NewTemporaryDirectory("haproxy");
            var ports = LoopbackPorts.Take(2);
            var values = NodePorts(nodes);
            values["STICKY_PORT"] = ports[0];
            values["ROUNDROBIN_PORT"] = ports[1];
            var config = ClusterFiles.Render("balancers/haproxy.cfg", directory, values);
            try
            {
                // -db: stay in the foreground, no daemon; the test host owns the process.
                var process = await ChildProcess.StartAsync(
                    "haproxy", executable, ["-db", "-f", config], directory, ReadyCondition.Listening(ports), cancellationToken, tethered: true);
                return new HaproxyBalancer(process, directory, ports[0], ports[1]);
            }
            catch (ClusterEnvironmentException) when (attempt < StartAttempts)
            {
                // Most likely another process took a port between our probe and HAProxy's bind: try fresh ports.
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    internal static Dictionary<string, object> NodePorts(IReadOnlyList<ClusterNode> nodes)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            values[string.Create(CultureInfo.InvariantCulture, $"NODE{i + 1}_PORT")] = nodes[i].Port;
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
