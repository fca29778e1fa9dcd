namespace Tusk.Transport.WebSocket.Tests.Hostile;

internal static class HostileAssert
{
    /// <summary>Awaits <paramref name="task"/> (bounded) and returns the exception it failed with.</summary>
    public static async Task<T> FailsWithAsync<T>(Task task)
        where T : Exception
    {
        try
        {
            await task.WaitAsync(RawPeer.Patience);
        }
        catch (T expected)
        {
            return expected;
        }

        Assert.Fail($"Expected {typeof(T).Name}, but the operation succeeded.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Connects, lets the server write <paramref name="serverBytes"/>, and checks that the client fails
    /// the connection with <paramref name="expectedCode"/>: the receive throws it, the close frame on the wire
    /// carries it, and the client then drops TCP.</summary>
    public static async Task ClientFailsWithAsync(byte[] serverBytes, int expectedCode, WebSocketClientOptions? options = null, int chop = 0)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(options);
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            if (chop > 0)
            {
                await peer.WriteChoppedAsync(serverBytes, chop);
            }
            else
            {
                await peer.WriteAsync(serverBytes);
            }

            var failure = await FailsWithAsync<WebSocketProtocolException>(receive);
            var close = await peer.ReadUntilCloseAsync();
            Assert.Multiple(() =>
            {
                Assert.That(failure.CloseCode, Is.EqualTo(expectedCode), failure.Message);
                Assert.That(close?.CloseCode, Is.EqualTo(expectedCode));
                Assert.That(client.CloseCode, Is.EqualTo(expectedCode));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            });
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
        }
    }
}
