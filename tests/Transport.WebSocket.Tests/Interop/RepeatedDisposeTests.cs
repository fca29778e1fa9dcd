using Tusk.Testing;

namespace Tusk.Transport.WebSocket.Tests.Interop;

/// <summary>
/// <see cref="WebSocketConnection.DisposeAsync"/> may be called more than once (an <c>await using</c> after an explicit
/// dispose is common): a later call waits for the first and returns, rather than waiting the close timeout for the
/// receive gate the first call kept. Against the npm <c>ws</c> echo server; the connection's clock is a fake one that
/// never moves, so a call that waited for the close timeout would never return.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RepeatedDisposeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [TestCase(SocketCompletionMode.ThreadPool)]
    [TestCase(SocketCompletionMode.Inline)]
    public async Task A_second_dispose_returns_once_the_first_has_released_the_connection(SocketCompletionMode mode)
    {
        var server = await TestServers.GetSharedAsync("ws-echo", new { perMessageDeflate = false });
        var connection = await WebSocketClient.ConnectAsync(server.WebSocketUri, new WebSocketClientOptions
        {
            SocketCompletions = mode,
            TimeProvider = new FakeClock(),
        }).WaitAsync(Patience);
        await connection.SendTextAsync("hello").AsTask().WaitAsync(Patience);
        using (var message = await connection.ReceiveAsync().AsTask().WaitAsync(Patience))
        {
            Assert.That(message.GetText(), Is.EqualTo("hello"));
        }

        await connection.DisposeAsync().AsTask().WaitAsync(Patience);
        Assert.That(connection.State, Is.EqualTo(WebSocketConnectionState.Closed));

        await connection.DisposeAsync().AsTask().WaitAsync(Patience);
        var concurrent = new[] { connection.DisposeAsync().AsTask(), connection.DisposeAsync().AsTask() };
        await Task.WhenAll(concurrent).WaitAsync(Patience);
        Assert.That(connection.State, Is.EqualTo(WebSocketConnectionState.Closed));
    }
}
