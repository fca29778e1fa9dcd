namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Cancelling a connect follows .NET convention: <see cref="OperationCanceledException"/> carrying the
/// caller's token, not the internal deadline's, and never a timeout.</summary>
[Parallelizable(ParallelScope.All)]
public class ConnectCancellationTests
{
    [Test]
    public async Task Cancelling_while_the_server_holds_the_upgrade_throws_with_the_callers_token()
    {
        await using var server = new HostileServer();
        using var cancel = new CancellationTokenSource();
        var connecting = WebSocketClient.ConnectAsync(server.Uri, new WebSocketClientOptions(), cancel.Token);
        await using var peer = await server.AcceptAsync();

        await cancel.CancelAsync();
        var error = await HostileAssert.FailsWithAsync<OperationCanceledException>(connecting);
        Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
        Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
    }

    [Test]
    public async Task A_token_cancelled_before_the_call_throws_with_that_token()
    {
        await using var server = new HostileServer();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var error = await HostileAssert.FailsWithAsync<OperationCanceledException>(WebSocketClient.ConnectAsync(server.Uri, new WebSocketClientOptions(), cancel.Token));
        Assert.That(error.CancellationToken, Is.EqualTo(cancel.Token));
    }
}
