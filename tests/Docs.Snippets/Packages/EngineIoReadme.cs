#region package-engineio
using Tusk.EngineIO;
#endregion

namespace Tusk.Docs.Snippets.Packages;

/// <summary>src/EngineIO/README.md.</summary>
public static class EngineIoReadme
{
    public static async Task<EngineIoMessage?> RunAsync()
    {
        #region package-engineio
        await using var client = new EngineIoClient(DocServers.At("http://localhost:3000")); // an Engine.IO server at /engine.io/
        await client.ConnectAsync();
        await client.SendAsync("hello");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reply = await client.ReceiveAsync(timeout.Token); // the next message; null once the session has ended
        #endregion
        return reply;
    }
}
