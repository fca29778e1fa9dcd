#region package-socketio
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.Packages;

/// <summary>src/SocketIO/README.md.</summary>
public static class SocketIoReadme
{
    public static async Task<(string? Reply, SocketIoEvent? Headline)> RunAsync()
    {
        #region package-socketio
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            Auth = new { token = "secret" },
            AckTimeout = TimeSpan.FromSeconds(10),
        });
        client.On("hello", e => Console.WriteLine("hello from the server"));
        await client.ConnectAsync();
        var reply = await client.EmitWithAckAsync<string>("echo", "world", new byte[] { 1, 2, 3 });
        var news = client.Of("/news");
        await news.ConnectAsync();
        var headline = await news.WaitAsync("headline", TimeSpan.FromSeconds(5));
        #endregion
        return (reply, headline);
    }
}
