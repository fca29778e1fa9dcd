using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>Cancelling <see cref="SocketIoSocket.ConnectAsync"/> throws <see cref="OperationCanceledException"/>
/// carrying the caller's token: not a <see cref="SocketIoConnectException"/>, and not the linked token of the
/// connect timeout that the layers below saw.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ConnectCancellationTests
{
    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task Cancelling_while_the_server_holds_the_handshake_throws_with_the_callers_token(string transport)
    {
        await using var server = new SilentHttpServer();
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Transports = [transport], Reconnection = false });
        using var cancel = new CancellationTokenSource();
        var connecting = client.ConnectAsync(cancel.Token);
        Assert.That(await server.WaitForRequestAsync(SioTarget.Timeout), Does.Contain("/socket.io/").And.Contain("transport=" + transport));

        await cancel.CancelAsync();
        var error = Assert.CatchAsync<OperationCanceledException>(async () => await connecting.WaitAsync(SioTarget.Timeout));
        Assert.Multiple(() =>
        {
            Assert.That(error!.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(client.IsConnected, Is.False);
            Assert.That(client.IsActive, Is.False);
        });
    }
}
