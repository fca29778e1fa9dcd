// Elephant.io's "keep-alive" example: stay idle for longer than the server's ping interval and remain connected.
// Tusk answers the server's pings in the background, so idling needs no drain loop.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/KeepAlive [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");
await using var client = new SocketIoClient(server);
var socket = client.Of("/keep-alive");
await socket.ConnectAsync();

await socket.EmitAsync("message", new { message = "A message" });
Console.WriteLine($"reply: {await socket.WaitAsync("message", TimeSpan.FromSeconds(5))}");

// The sample server pings every 5 s (socket.io's default is 25 s): 12 s of silence spans two heartbeats.
Console.WriteLine("idle for 12 s ...");
await Task.Delay(TimeSpan.FromSeconds(12));
Console.WriteLine($"still connected: {socket.IsConnected}");

await socket.EmitAsync("message", new { message = "Last message" });
Console.WriteLine($"reply: {await socket.WaitAsync("message", TimeSpan.FromSeconds(5))}");
await client.DisconnectAsync();
