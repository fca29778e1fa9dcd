namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>A real <c>redis-server</c> on a free loopback port, configured by <c>tests/cluster/redis.conf</c>.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly ChildProcess _process;
    private readonly string _directory;

    private RedisServer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>redis://127.0.0.1:{Port}</c>.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var executable = Prerequisites.RedisServer;
        for (var attempt = 1; ; attempt++)
        {
            var directory = ClusterFiles.NewTemporaryDirectory("redis");
            var port = LoopbackPorts.Take(1)[0];
            var config = ClusterFiles.Render("redis.conf", directory, new Dictionary<string, object> { ["PORT"] = port, ["TEMP"] = directory });
            try
            {
                var process = await ChildProcess.StartAsync(
                    "redis-server", executable, [config], directory, ReadyCondition.Line("Ready to accept connections"), cancellationToken, tethered: true);
                return new RedisServer(process, directory, port);
            }
            catch (ClusterEnvironmentException) when (attempt < StartAttempts)
            {
                // Most likely another process took the port between our probe and redis' bind: try fresh ports.
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
