// Elephant.io's "custom-path" example: a server whose socket.io endpoint is /my/my.io instead of /socket.io.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/CustomPath [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");

// Path is the endpoint; a path in the server URL would be a prefix before it (e.g. behind a reverse proxy).
await using var client = new SocketIoClient(server, new SocketIoClientOptions { Path = "/my/my.io" });
await client.ConnectAsync();
var hi = await client.WaitAsync("hi", TimeSpan.FromSeconds(5));
Console.WriteLine(hi is null ? "no hi within 5 s" : $"connected through /my/my.io, the server said {hi.Name}");
