// Elephant.io's "basic" example: wait for the server's greeting, emit an event with three arguments, read the reply.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/Basic [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");

// Once with persistent HTTP connections, once with "Connection: close" on every request (Elephant.io reuse_connection).
foreach (var keepAlive in new[] { true, false })
{
    await using var client = new SocketIoClient(server, new SocketIoClientOptions { KeepAlive = keepAlive });
    await client.ConnectAsync();
    Console.WriteLine($"connected (keep-alive {keepAlive}) as {client.Id} over {client.TransportName}");

    var hello = await client.WaitAsync("hello", TimeSpan.FromSeconds(5));
    Console.WriteLine(hello is null ? "no hello" : $"server said {hello.Name}");

    await client.EmitAsync("test", 1, 2, "test");
    var reply = await client.WaitAsync("test", TimeSpan.FromSeconds(5));
    Console.WriteLine($"test reply: {reply}"); // [1,2,"Okay"]
    await client.DisconnectAsync();
}
