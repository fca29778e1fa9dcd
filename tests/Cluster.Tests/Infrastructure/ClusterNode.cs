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

    /// <summary>What a standby node (<see cref="PrepareRestartAsync"/>) prints once it is loaded and waits to listen.</summary>
    public const string LoadedPrefix = "TUSK_SERVER_LOADED ";

    private readonly string _redisUrl;
    private readonly ClusterAdapter _adapter;
    private readonly string _prefix;
    private ChildProcess? _process;
    private ChildProcess? _standby;

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

    /// <summary>
    /// Starts the process that <see cref="RestartAsync"/> will bring up, while this node still runs: a new node process,
    /// loaded and connected to Redis, that listens on this node's port only when told to. A rolling restart so replaces
    /// each node within milliseconds of its exit, as an orchestrator that starts the new version before it stops the
    /// old one does, instead of waiting out a whole node start while the node is down.
    /// </summary>
    public async Task PrepareRestartAsync(CancellationToken cancellationToken)
    {
        if (_standby is not null)
        {
            throw new InvalidOperationException($"{Name} has a standby process already.");
        }

        _standby = await StartNodeProcessAsync(Port, standby: true, cancellationToken);
    }

    /// <summary>
    /// Starts the node again on its old port, after <see cref="KillAsync"/> or <see cref="StopAsync"/>: the process
    /// <see cref="PrepareRestartAsync"/> started, if any, or a new one.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_process is { } old)
        {
            await old.DisposeAsync();
        }

        if (_standby is { } standby)
        {
            _standby = null;
            _process = standby;
            ReadPort(await standby.AskAsync("listen", ReadyPrefix));
            return;
        }

        await StartProcessAsync(Port, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_standby is { } standby)
        {
            await standby.DisposeAsync();
        }

        if (_process is { } process)
        {
            await process.DisposeAsync();
        }
    }

    public override string ToString() => $"{Name} on port {Port}";

    private async Task StartProcessAsync(int port, CancellationToken cancellationToken)
    {
        _process = await StartNodeProcessAsync(port, standby: false, cancellationToken);
        ReadPort(_process.ReadyLine!);
    }

    private async Task<ChildProcess> StartNodeProcessAsync(int port, bool standby, CancellationToken cancellationToken)
    {
        var directory = await NodeEnvironment.EnsureInstalledAsync(ClusterFiles.NodeServers, cancellationToken);
        var options = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = Name,
            ["port"] = port,
            ["redisUrl"] = _redisUrl,
            ["adapter"] = _adapter == ClusterAdapter.Streams ? "streams" : "pubsub",
            ["prefix"] = _prefix,
            ["standby"] = standby,
        });
        return await ChildProcess.StartAsync(
            $"socket.io node {Name}{(standby ? " (standby)" : "")}", NodeEnvironment.NodeExecutable, [Path.Combine(directory, "node.js"), options], directory,
            ReadyCondition.Prefix(standby ? LoadedPrefix : ReadyPrefix), cancellationToken);
    }

    private void ReadPort(string readyLine)
    {
        using var ready = JsonDocument.Parse(readyLine);
        Port = ready.RootElement.GetProperty("port").GetInt32();
    }
}
