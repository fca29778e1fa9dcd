#region socketio-09
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-0.9.md, "Choosing 0.9".</summary>
public static class Legacy
{
    public static async Task RunAsync()
    {
        #region socketio-09
        await using var client = new SocketIoClient(DocServers.At("http://legacy-host:8080"), new SocketIoClientOptions
        {
            Protocol = SocketIoProtocol.V0_9,          // or leave Auto
            ExtraHeaders = { ["Authorization"] = "Bearer abc" },
            Query = { ["room"] = "lobby" },
            AckTimeout = TimeSpan.FromSeconds(10),
        });
        client.On("echo", e => Console.WriteLine(e.GetValue<string>()));
        await client.ConnectAsync();
        var reply = await client.EmitWithAckAsync<string>("ack-echo", "Jude");  // 5:1+::{"name":"ack-echo","args":["Jude"]}
        Console.WriteLine(reply);                                              // Jude
        var admin = client.Of("/admin");                                       // 1::/admin
        await admin.ConnectAsync();
        #endregion
    }
}
