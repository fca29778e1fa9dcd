using System.Net.WebSockets;

namespace Tusk.Benchmarks;

/// <summary>The peer used against both clients: a server-role <see cref="WebSocket"/> from
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>, so only the client differs.</summary>
public static class ServerLoops
{
    /// <summary>Receives messages forever, signalling one count per whole message.</summary>
    public static async Task CountAsync(WebSocket server, CountdownSignal signal)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await server.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    signal.Signal();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The benchmark tore the connection down.
        }
    }

    /// <summary>Echoes every message back with its type.</summary>
    public static async Task EchoAsync(WebSocket server)
    {
        var buffer = new byte[2 * 1024 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await server.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await server.SendAsync(buffer.AsMemory(0, length), result.MessageType, true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The benchmark tore the connection down.
        }
    }
}
