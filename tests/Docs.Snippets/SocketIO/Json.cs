#region socketio-json
using System.Text.Json;
using System.Text.Json.Serialization;
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-client.md, "JSON, trimming and Native AOT".</summary>
public static class Json
{
    public static async Task RunAsync()
    {
        #region socketio-json
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            AckTimeout = TimeSpan.FromSeconds(10),

            // Only for trimming / Native AOT: the application's own types from a source-generated context.
            // Strings, numbers, booleans, byte[], JsonElement and string dictionaries need nothing.
            JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = AppJson.Default },
        });
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var news = client.Of("/news");
        await news.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // The server acks a JS object, { topic: "releases", subscribed: true }: camelCase reads into the record.
        var subscription = await news.EmitWithAckAsync("subscribe", ["releases"], AppJson.Default.Subscription);
        Console.WriteLine(subscription);               // Subscription { Topic = releases, Subscribed = True }

        var echo = await client.EmitWithAckAsync("echo", "text", 42, new byte[] { 1, 2 });
        Console.WriteLine(echo.GetJson(0).GetString()); // text
        Console.WriteLine(echo.GetBytes(2).Length);     // 2
        #endregion
    }
}

#region socketio-json
public sealed record Subscription(string Topic, bool Subscribed);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)] // the metadata's own options: camelCase, as the client's
[JsonSerializable(typeof(Subscription))]
internal sealed partial class AppJson : JsonSerializerContext;
#endregion
