using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>Cancelling <see cref="EngineIoClient.ConnectAsync"/> throws <see cref="OperationCanceledException"/>
/// carrying the caller's token, over each transport, whatever the request in flight made of it.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ConnectCancellationTests
{
    [TestCase("polling", "GET /engine.io/")]
    [TestCase("websocket", "GET /engine.io/")]
    public async Task Cancelling_while_the_server_holds_the_handshake_throws_with_the_callers_token(string transport, string request)
    {
        await using var server = new SilentHttpServer();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport] });
        using var cancel = new CancellationTokenSource();
        var connecting = client.ConnectAsync(cancel.Token);
        Assert.That(await server.WaitForRequestAsync(TestTimeouts.Event), Does.StartWith(request).And.Contain("transport=" + transport));

        await cancel.CancelAsync();
        var error = Assert.CatchAsync<OperationCanceledException>(async () => await connecting.WaitAsync(TestTimeouts.Event));
        Assert.Multiple(() =>
        {
            Assert.That(error!.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(client.IsConnected, Is.False);
        });
    }

    [Test]
    public async Task A_token_cancelled_before_the_call_throws_with_that_token()
    {
        await using var server = new SilentHttpServer();
        await using var client = new EngineIoClient(server.HttpUri);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var error = Assert.CatchAsync<OperationCanceledException>(async () => await client.ConnectAsync(cancel.Token).WaitAsync(TestTimeouts.Event));
        Assert.That(error!.CancellationToken, Is.EqualTo(cancel.Token));
    }
}
