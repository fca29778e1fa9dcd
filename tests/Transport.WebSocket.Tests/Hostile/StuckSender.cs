namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Fills a connection whose server reads nothing until one send stays blocked.</summary>
internal static class StuckSender
{
    /// <summary>Sends <paramref name="payload"/> until one send does not complete within 250 ms: the server reads
    /// nothing, so the socket buffers and then the client's bounded send buffer fill up.</summary>
    /// <returns>The blocked send.</returns>
    public static async Task<Task> SendUntilStuckAsync(WebSocketConnection client, byte[] payload, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 100_000; i++)
        {
            var send = client.SendAsync(payload, WebSocketMessageKind.Binary, cancellationToken).AsTask();
            try
            {
                await send.WaitAsync(TimeSpan.FromMilliseconds(250));
            }
            catch (TimeoutException)
            {
                return send;
            }
        }

        Assert.Fail("The send buffer never filled.");
        return Task.CompletedTask;
    }
}
