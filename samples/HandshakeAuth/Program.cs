// Elephant.io's "handshake-auth" example: the auth payload of the namespace CONNECT, checked by a server middleware.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/HandshakeAuth [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");

// Right credentials: the namespace accepts us and echoes.
var accepted = new SocketIoClientOptions { Auth = new { user = "random@example.com", token = "my-secret-token" } };
await using (var client = new SocketIoClient(server, accepted))
{
    var socket = client.Of("/handshake-auth");
    await socket.ConnectAsync();
    await socket.EmitAsync("echo", new { message = "Hello!" });
    Console.WriteLine($"accepted, echo: {await socket.WaitAsync("echo", TimeSpan.FromSeconds(5))}");
}

// No token: the middleware's error comes back as the exception's ServerMessage.
var refused = new SocketIoClientOptions { Auth = new { user = "random@example.com", password = "my-secret-password" } };
await using (var client = new SocketIoClient(server, refused))
{
    try
    {
        await client.Of("/handshake-auth").ConnectAsync();
    }
    catch (SocketIoConnectException e) when (e.IsServerRejection)
    {
        Console.WriteLine($"refused: {e.ServerMessage}");
    }
}
