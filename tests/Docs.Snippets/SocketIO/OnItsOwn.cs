#region socketio-on-its-own
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-client.md, "Use this layer on its own".</summary>
public static class OnItsOwn
{
    public static async Task RunAsync()
    {
        #region socketio-on-its-own
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            Transports = ["websocket"],
            AckTimeout = TimeSpan.FromSeconds(5),
        });
        var ack = client.Of("/ack");
        await ack.ConnectAsync();
        var reply = await ack.EmitWithAckAsync<string>("test-send-ack", new { message = "An ack send test" });
        Console.WriteLine(reply); // +ack

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = ack.ReadEventsAsync(timeout.Token);   // every event from this call on, until the token is cancelled
        await ack.EmitAsync("test-recv-ack", "ask me");    // the server answers with an event that asks for an ack
        await foreach (var e in events)
        {
            Console.WriteLine($"{e.Name} {e}");            // test-recv-ack [{"success":true}]
            if (e.AckRequested)
            {
                await e.AckAsync("Okay");
                break;
            }
        }
        #endregion
    }
}
