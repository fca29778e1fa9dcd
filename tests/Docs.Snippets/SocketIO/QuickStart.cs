#region socketio-quick-start
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-client.md, "Quick start".</summary>
public static class QuickStart
{
    public static async Task RunAsync()
    {
        #region socketio-quick-start
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            Auth = new { token = "my-secret-token" },              // socket.io 3+: sent with every namespace CONNECT
            AckTimeout = TimeSpan.FromSeconds(10),                 // no ack is awaited longer than this
        });

        client.On("hello", e => Console.WriteLine("hello from the server"));      // handler style
        client.Disconnected += (_, e) => Console.WriteLine($"disconnected: {e.Reason.ToJsReason()}");

        await client.ConnectAsync();                                              // connects "/" (throws on failure)
        await client.EmitAsync("echo", "hello", 42, new { nested = true });       // any number of arguments
        var echoed = await client.EmitWithAckAsync<string>("echo", "peter");      // the ack's first argument, typed
        Console.WriteLine(echoed);                                                // peter

        var news = client.Of("/news");                                            // another namespace, same connection
        await news.ConnectAsync();

        var headline = await news.WaitAsync("headline", TimeSpan.FromSeconds(5)); // Elephant.io pull style
        if (headline is not null)
        {
            Console.WriteLine(headline.GetValue<string>());                        // Tusk speaks socket.io
        }

        var ack = await news.EmitWithAckAsync("subscribe", "releases");           // all of the ack's arguments
        Console.WriteLine(ack.GetJson(0).GetProperty("subscribed").GetBoolean());  // True

        await client.DisconnectAsync();
        #endregion
    }
}
