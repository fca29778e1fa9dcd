using System.Globalization;
using System.Text.Json;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>python-socketio on aiohttp (Debian's packages), <c>tests/cluster/python/server.py</c>, on a free loopback port.</summary>
internal sealed class PythonSocketIoServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private PythonSocketIoServer(ChildProcess process, JsonElement info)
    {
        _process = process;
        Info = info;
        Uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{info.GetProperty("port").GetInt32()}/"));
    }

    public Uri Uri { get; }

    /// <summary>What the server reported: port and the python-socketio, python-engineio and aiohttp versions.</summary>
    public JsonElement Info { get; }

    public static async Task<PythonSocketIoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var python = Prerequisites.RequireDebianPython();
        var script = Path.Combine(ClusterFiles.Directory, "python", "server.py");
        var process = await ChildProcess.StartAsync(
            "python-socketio server", python, ["-u", script, "{}"], Path.GetDirectoryName(script)!,
            ReadyCondition.Prefix(ClusterNode.ReadyPrefix), cancellationToken, failureHint: Prerequisites.PythonImportHint);
        using var info = JsonDocument.Parse(process.ReadyLine!);
        return new PythonSocketIoServer(process, info.RootElement.Clone());
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
