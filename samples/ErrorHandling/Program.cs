// Elephant.io's "error-handling" example: an unreachable server, a namespace the server does not have, an event nobody answers.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/ErrorHandling [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");

// 1. Nothing listens on port 1: ConnectAsync fails with the transport's error inside.
await using (var unreachable = new SocketIoClient(new Uri("http://127.0.0.1:1"), new SocketIoClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }))
{
    try
    {
        await unreachable.ConnectAsync();
    }
    catch (SocketIoConnectException e)
    {
        Console.WriteLine($"unreachable server: {e.Message}");
    }
}

await using var client = new SocketIoClient(server);

// 2. The server refuses the namespace: the exception carries its message.
try
{
    await client.Of("/non-existent-namespace").ConnectAsync();
}
catch (SocketIoConnectException e) when (e.IsServerRejection)
{
    Console.WriteLine($"unknown namespace {e.Namespace}: the server said \"{e.ServerMessage}\"");
}

// 3. The server never replies: the wait ends after its timeout with null instead of hanging.
var socket = client.Of("/error-handling");
await socket.ConnectAsync();
await socket.EmitAsync("message", new { message = "The message" });
var reply = await socket.WaitAsync("message-reply", TimeSpan.FromSeconds(5));
Console.WriteLine(reply is null ? "no message-reply within 5 s, as expected" : $"unexpected reply {reply}");
