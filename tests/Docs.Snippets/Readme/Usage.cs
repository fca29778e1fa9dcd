#region readme-usage
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.Readme;

/// <summary>README.md, "Usage".</summary>
public static class Usage
{
    public static async Task RunAsync()
    {
        #region readme-usage
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            AckTimeout = TimeSpan.FromSeconds(10),                                // every ack wait is bounded
        });

        client.On("hello", e => Console.WriteLine("the server says hello"));     // handlers, or WaitAsync/DrainAsync to pull
        client.Disconnected += (_, e) => Console.WriteLine($"disconnected: {e.Reason.ToJsReason()}");

        await client.ConnectAsync();                                             // joins "/" (throws SocketIoConnectException)
        await client.EmitAsync("echo", "hello", 42, new { nested = true });      // any number of arguments; byte[] goes as binary
        var reply = await client.EmitWithAckAsync<string>("echo", "ack me");     // the ack's first argument, typed
        Console.WriteLine(reply);                                                // ack me

        var news = client.Of("/news");                                           // another namespace over the same connection
        await news.ConnectAsync();
        var headline = await news.WaitAsync("headline", TimeSpan.FromSeconds(5)); // Elephant.io pull style; null on timeout
        Console.WriteLine(headline?.GetValue<string>());                         // Tusk speaks socket.io
        #endregion
    }
}
