using System.Net.WebSockets;
using Tusk.Transport.WebSocket;

namespace Tusk.Benchmarks;

/// <summary>Both clients over the same in-memory duplex stream: Tusk's <see cref="WebSocketConnection.Create"/>
/// against <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>.</summary>
public class InMemoryStreamBenchmarks : ClientComparisonBase
{
    protected override Task<(WebSocketConnection Client, WebSocket Server)> ConnectTuskAsync()
    {
        var (client, server) = InMemoryDuplexStream.CreatePair();
        return Task.FromResult((WebSocketConnection.Create(client), CreateServer(server)));
    }

    protected override Task<(WebSocket Client, WebSocket Server)> ConnectBuiltinAsync()
    {
        var (client, server) = InMemoryDuplexStream.CreatePair();
        var builtin = WebSocket.CreateFromStream(client, new WebSocketCreationOptions { IsServer = false });
        return Task.FromResult((builtin, CreateServer(server)));
    }

    private static WebSocket CreateServer(Stream stream) =>
        WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
}
