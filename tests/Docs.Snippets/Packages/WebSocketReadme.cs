#region package-websocket
using Tusk.Transport.WebSocket;
#endregion

namespace Tusk.Docs.Snippets.Packages;

/// <summary>src/Transport.WebSocket/README.md.</summary>
public static class WebSocketReadme
{
    public static async Task RunAsync()
    {
        #region package-websocket
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var ws = await WebSocketClient.ConnectAsync(DocServers.At("ws://localhost:3000/echo"), cancellationToken: timeout.Token);
        await ws.SendTextAsync("hello", timeout.Token);
        using var message = await ws.ReceiveAsync(timeout.Token);
        Console.WriteLine(message.Kind == WebSocketMessageKind.Close ? $"closed {ws.CloseCode}" : message.GetText());
        await ws.CloseAsync(cancellationToken: timeout.Token);
        #endregion
    }
}
