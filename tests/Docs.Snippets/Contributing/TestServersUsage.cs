#region contributing-node-server
using Tusk.Testing;
#endregion

namespace Tusk.Docs.Snippets.Contributing;

/// <summary>docs/contributing.md, "Using servers from C#".</summary>
public static class TestServersUsage
{
    public static async Task<(Uri Uri, string? Version, NodeServer Shared)> RunAsync(CancellationToken cancellationToken)
    {
        #region contributing-node-server
        // A dedicated server: yours alone, stopped (process tree killed) when disposed.
        await using var server = await NodeServer.StartAsync("sio-v4", new { pingInterval = 1000 }, cancellationToken);
        var uri = server.HttpUri;                                   // http://127.0.0.1:<port>/
        var version = server.Extra.GetProperty("version").GetString();

        // A shared server: same module + options → same server for the whole test assembly. Do not dispose it.
        var shared = await TestServers.GetSharedAsync("sio-v2");
        #endregion
        return (uri, version, shared);
    }
}
