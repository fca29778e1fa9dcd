using Tusk.Testing;

namespace Tusk.Transport.WebSocket.Tests.Interop;

/// <summary><see cref="WebSocketConnection.PingAsync"/> against the npm <c>ws</c> server (module <c>ws-echo</c>), which
/// answers a ping as it parses it and echoes every message: the pong comes back after the echoes of everything sent
/// before the ping.</summary>
[TestFixture("off")]
[TestFixture("deflate")]
[Parallelizable(ParallelScope.Fixtures)]
public class PingTests(string compression)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task The_pong_comes_after_the_peer_read_every_message_sent_before_the_ping()
    {
        await using var client = await ConnectAsync();
        var echoes = 0;
        var receiving = Task.Run(async () =>
        {
            while (true)
            {
                using var message = await client.ReceiveAsync();
                Interlocked.Increment(ref echoes);
            }
        });

        // Small messages share the send buffer with the ping; the 1 MiB one is written directly, past that buffer.
        var sends = new List<Task>();
        for (var i = 0; i < 100; i++)
        {
            sends.Add(client.SendTextAsync("before " + i).AsTask());
        }

        sends.Add(client.SendAsync(new byte[1024 * 1024], WebSocketMessageKind.Binary).AsTask());
        for (var i = 0; i < 100; i++)
        {
            sends.Add(client.SendTextAsync("after " + i).AsTask());
        }

        await client.PingAsync().WaitAsync(Patience);

        // The receive loop counts each echo before it reads the next frame, and the pong is read after the last echo.
        Assert.That(Volatile.Read(ref echoes), Is.EqualTo(201));
        await Task.WhenAll(sends).WaitAsync(Patience);
        Assert.That(receiving.IsCompleted, Is.False, receiving.Exception?.ToString());
    }

    [Test]
    public async Task Cancelling_the_wait_for_the_pong_throws_and_a_later_ping_still_works()
    {
        await using var client = await ConnectAsync();
        using var cancel = new CancellationTokenSource();

        // No receive runs yet, so the pong is not read: only the token can end this wait.
        var first = client.PingAsync(cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await first.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
        var receiving = Task.Run(async () =>
        {
            while (true)
            {
                using var message = await client.ReceiveAsync();
            }
        });
        await client.PingAsync().WaitAsync(Patience);
        Assert.That(receiving.IsCompleted, Is.False, receiving.Exception?.ToString());
    }

    [Test]
    public async Task A_ping_the_peer_closes_instead_of_answering_throws()
    {
        await using var client = await ConnectAsync();
        await client.SendTextAsync("cmd:close:1000:bye");

        // Queued behind the command: ws reads the command, starts closing, and sends no pong once closing.
        var ping = client.PingAsync();
        using (var close = await client.ReceiveAsync().AsTask().WaitAsync(Patience))
        {
            Assert.That(close.Kind, Is.EqualTo(WebSocketMessageKind.Close));
        }

        var exception = Assert.ThrowsAsync<WebSocketProtocolException>(async () => await ping.WaitAsync(Patience));
        Assert.That(exception!.Message, Does.Contain("closed before the peer answered the ping"));
        Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
    }

    [Test]
    public async Task A_ping_after_the_close_throws()
    {
        await using var client = await ConnectAsync();
        await client.CloseAsync().WaitAsync(Patience);

        Assert.That(async () => await client.PingAsync(), Throws.InstanceOf<InvalidOperationException>());
    }

    private async Task<WebSocketConnection> ConnectAsync()
    {
        object serverOptions = compression == "off"
            ? new { perMessageDeflate = false }
            : new { perMessageDeflate = (object)new { threshold = 0 } };
        var server = await TestServers.GetSharedAsync("ws-echo", serverOptions);
        var options = new WebSocketClientOptions { EnableCompression = compression != "off", CloseTimeout = TimeSpan.FromSeconds(5) };
        return await WebSocketClient.ConnectAsync(server.WebSocketUri, options).WaitAsync(Patience);
    }
}
