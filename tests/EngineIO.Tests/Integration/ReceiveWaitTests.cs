using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// <see cref="EngineIoClient.ReceiveAsync"/> waits without giving the channel a token (so the channel reuses its waiter,
/// issue 21) and a cancelled token wakes it with an item every read skips: the cancellation must still end the wait,
/// and nothing of it may reach a reader as a message.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ReceiveWaitTests
{
    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_cancelled_wait_throws_and_the_next_receive_gets_the_next_message(string transport)
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport], Upgrade = false });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        for (var i = 0; i < 3; i++)
        {
            using var cts = new CancellationTokenSource();
            var waiting = client.ReceiveAsync(cts.Token).AsTask();
            Assert.That(waiting.IsCompleted, Is.False, "nothing was sent, so the receive waits");
            await cts.CancelAsync();
            Assert.That(async () => await waiting.WaitAsync(TestTimeouts.Event), Throws.InstanceOf<OperationCanceledException>());
        }

        await client.SendAsync("after the cancellations");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("after the cancellations"), "the wake-ups were skipped");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task ReadAllAsync_never_yields_a_wake_up_of_a_cancelled_receive()
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"] });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        using (var cts = new CancellationTokenSource())
        {
            var waiting = client.ReceiveAsync(cts.Token).AsTask();
            await cts.CancelAsync();
            Assert.That(async () => await waiting.WaitAsync(TestTimeouts.Event), Throws.InstanceOf<OperationCanceledException>());
        }

        await client.SendAsync("one");
        await client.SendAsync("two");
        var received = new List<string?>();
        await foreach (var message in client.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            received.Add(message.Text);
            if (received.Count == 2)
            {
                break;
            }
        }

        Assert.That(received, Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public async Task A_token_cancelled_before_the_call_throws_without_taking_a_message()
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"] });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(async () => await client.ReceiveAsync(new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        await client.SendAsync("kept");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("kept"));
    }
}
