#region engineio-on-its-own
using Tusk.EngineIO;
#endregion

namespace Tusk.Docs.Snippets.EngineIO;

/// <summary>docs/engineio.md, "Use it on its own".</summary>
public static class OnItsOwn
{
    public static async Task RunAsync()
    {
        #region engineio-on-its-own
        await using var client = new EngineIoClient(DocServers.At("http://localhost:3000"), new EngineIoClientOptions
        {
            Path = "/engine.io",                  // "/socket.io" for a Socket.IO server
            Version = EngineIoVersion.Auto,       // detect 3 or 4 from the server's first answer
            Connection = { UserAgent = "my-tool/1.0" }, // headers, cookies, TLS, proxy, logging, clock
        });
        client.Closed += (_, e) => Console.WriteLine($"closed: {e.Reason} {e.Exception?.Message}");

        await client.ConnectAsync();             // handshake; the upgrade to WebSocket then runs in the background
        var settled = await client.UpgradeCompletion.WaitAsync(TimeSpan.FromSeconds(10)); // optional: await the upgrade
        Console.WriteLine($"{client.Handshake!.Sid} over {settled.TransportName} ({settled.Status}), revision {client.Version}");

        await client.SendAsync("hello");                          // text
        await client.SendAsync(new byte[] { 1, 2, 3 });           // binary

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = 0;
        await foreach (var message in client.ReadAllAsync(timeout.Token)) // or: await client.ReceiveAsync() until it returns null
        {
            Console.WriteLine(message.IsBinary ? $"{message.Binary.Length} bytes" : message.Text); // the server echoes both
            if (++received == 2)
            {
                break;
            }
        }
        #endregion
    }
}
