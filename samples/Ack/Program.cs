// Elephant.io's "ack" example: acknowledgements in both directions, on the /ack namespace.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/Ack [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");
await using var client = new SocketIoClient(server, new SocketIoClientOptions { AckTimeout = TimeSpan.FromSeconds(10) });
var socket = client.Of("/ack");
await socket.ConnectAsync();

// We ask for an ack: the task completes with the arguments the server's callback was called with.
var ack = await socket.EmitWithAckAsync("test-send-ack", new { message = "An ack send test" });
Console.WriteLine($"test-send-ack was acknowledged with {ack}");

// The server asks for an ack: its event carries an ack id, and AckAsync answers it.
await socket.EmitAsync("test-recv-ack", new { message = "An ack recv test" });
var request = await socket.WaitAsync("test-recv-ack", TimeSpan.FromSeconds(10))
    ?? throw new TimeoutException("The server sent no test-recv-ack.");
Console.WriteLine($"test-recv-ack {request}, ack requested: {request.AckRequested}");
await request.AckAsync("Okay"); // the server prints: client ack with: [ 'Okay' ]
