using System.Globalization;
using System.Text.Json;
using Tusk.Testing;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>
/// One socket.io 4.8 node (<c>tests/cluster/servers/node.js</c>) of a cluster. It keeps its port across restarts, so
/// the balancers, which name the nodes by port, find it again.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public const string ReadyPrefix = "TUSK_SERVER_READY ";

    private readonly string _redisUrl;
    private readonly ClusterAdapter _adapter;
    private readonly string _prefix;
    private ChildProcess? _process;

    private ClusterNode(string name, string redisUrl, ClusterAdapter adapter, string prefix)
    {
        Name = name;
        _redisUrl = redisUrl;
        _adapter = adapter;
        _prefix = prefix;
    }

    /// <summary><c>n1</c>, <c>n2</c>, ...: also the HAProxy cookie value that routes to this node.</summary>
    public string Name { get; }

    public int Port { get; private set; }

    /// <summary>The node itself, not through a balancer.</summary>
    public Uri DirectUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a node on a port of its own choosing.</summary>
    public static async Task<ClusterNode> StartAsync(string name, string redisUrl, ClusterAdapter adapter, string prefix, CancellationToken cancellationToken)
    {
        var node = new ClusterNode(name, redisUrl, adapter, prefix);
        await node.StartProcessAsync(0, cancellationToken);
        return node;
    }

    /// <summary>SIGKILL: the node crashes without closing anything.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            await process.KillAsync();
        }
    }

    /// <summary>SIGTERM: the node closes socket.io (its sockets disconnect, sessions are persisted) and exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.TerminateAsync();
        }
    }

    /// <summary>Starts the node again on its old port, after <see cref="KillAsync"/> or <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_process is { } old)
        {
            await old.DisposeAsync();
        }

        await StartProcessAsync(Port, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync();
        }
    }

    public override string ToString() => $"{Name} on port {Port}";

    private async Task StartProcessAsync(int port, CancellationToken cancellationToken)
    {
        var directory = await NodeEnvironment.EnsureInstalledAsync(ClusterFiles.NodeServers, cancellationToken);
        var options = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = Name,
            ["port"] = port,
            ["redisUrl"] = _redisUrl,
            ["adapter"] = _adapter == ClusterAdapter.Streams ? "streams" : "pubsub",
            ["prefix"] = _prefix,
        });
        _process = await ChildProcess.StartAsync(
            $"socket.io node {Name}", NodeEnvironment.NodeExecutable, [Path.Combine(directory, "node.js"), options], directory,
            ReadyCondition.Prefix(ReadyPrefix), cancellationToken);
        using var ready = JsonDocument.Parse(_process.ReadyLine!);
        Port = ready.RootElement.GetProperty("port").GetInt32();
    }
}
