// Elephant.io's "polling" example: HTTP long-polling only, with a multibyte UTF-8 message.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/Polling [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");
await using var client = new SocketIoClient(server, new SocketIoClientOptions { Transports = ["polling"] });
var socket = client.Of("/polling");
await socket.ConnectAsync();

foreach (var message in new[] { "This is first message", "Das höchste Gut und Uebel" })
{
    await socket.EmitAsync("message", new { message });
    var echo = await socket.WaitAsync("message", TimeSpan.FromSeconds(5));
    Console.WriteLine($"{client.TransportName}: {echo}");
}
