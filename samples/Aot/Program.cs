// Tusk in a Native AOT application: emit, ack, binary, a typed record through a source-generated context, and a
// named client from appsettings.json through dependency injection. CI publishes it with PublishAot=true and runs it
// against the sample server (samples/Aot/publish-and-run.sh); it exits 0 only when every check passed.
//
//   cd samples/server && npm ci && node server.js 3000
//   dotnet publish samples/Aot -c Release -o /tmp/tusk-aot && /tmp/tusk-aot/Tusk.Samples.Aot http://127.0.0.1:3000
//
// Without reflection, Tusk resolves strings, numbers, booleans, byte[], JsonElement and dictionaries by itself; the
// application lists only its own types (SampleJson below). Overloads that would need reflection for a type parameter
// (GetValue<T>(), EmitWithAckAsync<T>(...) without a JsonTypeInfo) warn at publish, and warnings are errors here.
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

var server = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:3000");
var timeout = TimeSpan.FromSeconds(10);
var checks = 0;

void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("check failed: " + what);
    }

    checks++;
    Console.WriteLine("ok   " + what);
}

try
{
    Check(!JsonSerializer.IsReflectionEnabledByDefault, "reflection-based JSON is off (trimmed/AOT build)");

    var options = new SocketIoClientOptions
    {
        Transports = ["websocket"],
        AckTimeout = timeout,
        ConnectTimeout = timeout,

        // The application's own types; Tusk chains its built-in metadata after this context.
        JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = SampleJson.Default },
    };
    await using (var client = new SocketIoClient(server, options))
    {
        await client.ConnectAsync().WaitAsync(timeout);
        Check(client.IsConnected, $"connected to {server} over {client.TransportName}");

        // "echo" with an ack returns the arguments as they were sent: a string, a number, a boolean.
        var ack = await client.EmitWithAckAsync("echo", "hello", 42, true).WaitAsync(timeout);
        Check(ack.GetJson(0).GetString() == "hello" && ack.GetJson(1).GetInt32() == 42 && ack.GetJson(2).GetBoolean(),
            "emit with ack: string, number and boolean came back");

        // Binary: a byte[] goes out as an attachment and comes back as one.
        byte[] bytes = [1, 2, 3, 250];
        var binary = await client.EmitWithAckAsync("echo", bytes).WaitAsync(timeout);
        Check(binary.IsBinary(0) && binary.GetBytes(0).SequenceEqual(bytes), "binary round trip (byte[] as an attachment)");

        // A record through the source-generated context, both ways, camelCase on the wire.
        var echoed = await client.EmitWithAckAsync("echo", [new Subscription("releases", true)], SampleJson.Default.Subscription).WaitAsync(timeout);
        Check(echoed == new Subscription("releases", true), "typed record emitted and read back through SampleJson");

        // A namespace whose server acks a camelCase object written in JS.
        var news = client.Of("/news");
        await news.ConnectAsync().WaitAsync(timeout);
        var subscription = await news.EmitWithAckAsync("subscribe", ["releases"], SampleJson.Default.Subscription).WaitAsync(timeout);
        Check(subscription == new Subscription("releases", true), "JS object { topic, subscribed } read into a record");

        // JSON trees and dictionaries need no context either.
        var tree = await client.EmitWithAckAsync("echo", JsonElement.Parse("""{"nested":[1,2]}"""), new Dictionary<string, string> { ["k"] = "v" })
            .WaitAsync(timeout);
        Check(tree.GetJson(0).GetProperty("nested")[1].GetInt32() == 2 && tree.GetJson(1).GetProperty("k").GetString() == "v",
            "JsonElement and Dictionary<string, string> arguments");
    }

    // Dependency injection from appsettings.json: namespace, transports and the auth dictionary come from configuration.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        Args = [],
        ContentRootPath = AppContext.BaseDirectory, // appsettings.json is published next to the program
    });
    builder.Configuration["SocketIo:Aot:ServerUri"] = server.ToString();
    builder.Services.AddSocketIoClient("aot").BindConfiguration("SocketIo:Aot").ConnectOnStart();
    using (var host = builder.Build())
    {
        await host.StartAsync().WaitAsync(timeout * 2);
        var client = host.Services.GetRequiredService<ISocketIoClientFactory>().GetClient("aot");
        Check(client.IsConnected && client.Namespace == "/handshake-auth", "DI client connected to /handshake-auth with the auth from appsettings.json");

        await client.EmitAsync("echo", "from DI");
        var reply = await client.WaitAsync("echo", timeout);
        Check(reply?.GetJson(0).GetString() == "from DI", "DI client emit and reply");
        await host.StopAsync().WaitAsync(timeout * 2);
    }

    // The socket-completion switch (Tusk reaches the runtime's internal Socket.PreferInlineCompletions through an
    // UnsafeAccessor) survives trimming and Native AOT: a bare WebSocket that asks for inline completions gets them.
    var rawUri = new Uri(server, "/socket.io/?EIO=4&transport=websocket");
    await using (var raw = await WebSocketClient.ConnectAsync(rawUri, new WebSocketClientOptions { SocketCompletions = SocketCompletionMode.Inline }).WaitAsync(timeout))
    {
        using var open = await raw.ReceiveAsync().AsTask().WaitAsync(timeout);
        Check(raw.InlineSocketCompletions == !OperatingSystem.IsWindows() && open.GetText().StartsWith('0'),
            "inline socket completions reached in Native AOT (Engine.IO open packet received)");
    }

    Console.WriteLine($"AOT sample: all {checks} checks passed");
    return 0;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"AOT sample FAILED after {checks} checks: {exception}");
    return 1;
}

internal sealed record Subscription(string Topic, bool Subscribed);

/// <summary>The application's types; Web options so the metadata's own casing matches the server's camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Subscription))]
internal sealed partial class SampleJson : JsonSerializerContext;
