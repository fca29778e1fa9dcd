// Elephant.io's "header-auth" example: custom HTTP headers (Authorization and more) on every request of the connection.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/HeaderAuth [-- url]
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");
var options = new SocketIoClientOptions
{
    ExtraHeaders =
    {
        ["X-My-Header"] = "websocket rocks",
        ["Authorization"] = "Bearer this_is_peter_token",
        ["User"] = "peter",
    },
};

// The first connection introduces peter; the second one is remembered by its token.
await Talk("How are you?", "this_is_peter_token");
await Talk("Do you remember me?", "this_is_peter_token", "this_is_invalid_peter_token");

async Task Talk(string message, params string[] tokens)
{
    await using var client = new SocketIoClient(server, options);
    var socket = client.Of("/header-auth");
    await socket.ConnectAsync();
    foreach (var token in tokens)
    {
        await socket.EmitAsync("message", new { message, token });
        var reply = await socket.WaitAsync("message", TimeSpan.FromSeconds(5));
        Console.WriteLine($"{message} ({token}) -> {reply?.GetValue<string>()}");
    }
}
