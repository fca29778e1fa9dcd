#region package-msgpack
using Tusk.SocketIO;
using Tusk.SocketIO.MessagePack;
#endregion

namespace Tusk.Docs.Snippets.Packages;

/// <summary>src/SocketIO.MessagePack/README.md.</summary>
public static class MessagePackReadme
{
    public static async Task<SocketIoAck> RunAsync()
    {
        #region package-msgpack
        // A socket.io 4 server started with { parser: require("socket.io-msgpack-parser") }.
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3001"), new SocketIoClientOptions
        {
            Parser = MessagePackParser.Instance,
            AckTimeout = TimeSpan.FromSeconds(10),
        });
        await client.ConnectAsync();
        var reply = await client.EmitWithAckAsync("echo", new { name = "a.bin", data = new byte[] { 1, 2, 3 } });
        Console.WriteLine(reply.GetJson(0).GetProperty("name").GetString()); // a.bin
        #endregion
        return reply;
    }
}
