#region socketio-namespace-auth
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-client.md, "Per-namespace auth".</summary>
public static class NamespaceAuth
{
    public static async Task RunAsync()
    {
        #region socketio-namespace-auth
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            Auth = new { token = "client-wide" },            // every namespace without its own auth sends this
        });

        // JS: io("http://localhost:3000/handshake-auth", { auth: { user, token } })
        var secured = client.Of("/handshake-auth", new { user = "random@example.com", token = "my-secret-token" });
        await secured.ConnectAsync();                        // the namespace middleware sees this auth, not "client-wide"

        await secured.EmitAsync("echo", "through my own auth");
        var echo = await secured.WaitAsync("echo", TimeSpan.FromSeconds(5));
        Console.WriteLine(echo?.GetValue<string>());         // through my own auth

        // A provider runs before each CONNECT of this namespace, reconnections included (token refresh).
        var refreshed = client.Of("/handshake-auth", async cancellationToken =>
        {
            await Task.Yield();                              // e.g. fetch a fresh token here
            return new { user = "random@example.com", token = "my-secret-token" };
        });
        Console.WriteLine(ReferenceEquals(refreshed, secured)); // True: one socket per namespace, its auth replaced
        #endregion
    }
}
