using System.Globalization;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>A real nginx configured by <c>tests/cluster/balancers/nginx.conf</c>: <c>ip_hash</c> stickiness, WebSocket proxying.</summary>
internal sealed class NginxBalancer : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly ChildProcess _process;
    private readonly string _directory;

    private NginxBalancer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
    }

    public Uri Uri { get; }

    public static async Task<NginxBalancer> StartAsync(IReadOnlyList<ClusterNode> nodes, CancellationToken cancellationToken)
    {
        var executable = Prerequisites.Nginx;
        for (var attempt = 1; ; attempt++)
        {
            var directory = ClusterFiles.NewTemporaryDirectory("nginx");
            var port = LoopbackPorts.Take(1)[0];
            var values = HaproxyBalancer.NodePorts(nodes);
            values["PORT"] = port;
            values["TEMP"] = directory;
            var config = ClusterFiles.Render("balancers/nginx.conf", directory, values);
            try
            {
                // -p: the prefix for relative paths; -e stderr: log there before the configuration is read, too.
                var process = await ChildProcess.StartAsync(
                    "nginx", executable, ["-p", directory, "-e", "stderr", "-c", config], directory,
                    ReadyCondition.Listening(port), cancellationToken, tethered: true);
                return new NginxBalancer(process, directory, port);
            }
            catch (ClusterEnvironmentException) when (attempt < StartAttempts)
            {
                // Most likely another process took the port between our probe and nginx' bind: try a fresh one.
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
