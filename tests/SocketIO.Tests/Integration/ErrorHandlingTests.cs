using System.Net;
using System.Net.Sockets;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ErrorHandlingTests
{
    [Test]
    public async Task RefusedConnection_ThrowsConnectExceptionWithTheCause()
    {
        await using var client = new SocketIoClient(new Uri($"http://127.0.0.1:{UnusedPort()}"), new SocketIoClientOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(exception!.IsServerRejection, Is.False);
        Assert.That(exception.InnerException, Is.Not.Null);
        Assert.That(client.IsConnected, Is.False);
        Assert.That(client.IsActive, Is.False);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task InvalidNamespace_ThrowsWithTheServerMessage(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var socket = client.Of("/non-existent-namespace");

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => socket.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(exception!.ServerMessage, Is.EqualTo("Invalid namespace"));
        Assert.That(exception.Namespace, Is.EqualTo("/non-existent-namespace"));
        Assert.That(socket.IsActive, Is.False);
        Assert.That(client.IsConnected, Is.True, "the default namespace is unaffected");
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task WaitWithoutReply_ReturnsNullAfterTheTimeout(SioTarget target)
    {
        var clock = new FakeClock();
        await using var client = target.Client(await target.ServerAsync(), o => o.TimeProvider = clock);
        var socket = client.Of("/error-handling");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("message", new { message = "The message" });
        var waiting = socket.WaitAsync("message-reply", TimeSpan.FromSeconds(3));
        await clock.WhenArmedAsync(TimeSpan.FromSeconds(3)).WaitAsync(SioTarget.Timeout);
        clock.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        Assert.That(waiting.IsCompleted, Is.False, "the wait lasts its whole timeout");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var reply = await waiting.WaitAsync(SioTarget.Timeout);

        Assert.That(reply, Is.Null);
        Assert.That(socket.IsConnected, Is.True);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task MiddlewareRejection_CarriesTheServerMessageAndData(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/reject");
        SocketIoConnectErrorEventArgs? raised = null;
        var errorRaised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.ConnectError += (_, e) => { raised = e; errorRaised.TrySetResult(); };

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => socket.ConnectAsync().WaitAsync(SioTarget.Timeout));
        await errorRaised.Task.WaitAsync(SioTarget.Timeout);

        Assert.That(exception!.IsServerRejection, Is.True);
        Assert.That(exception.ServerData?.GetProperty("code").GetInt32(), Is.EqualTo(42));
        Assert.That(exception.ServerData?.GetProperty("reason").GetString(), Is.EqualTo("banned"));
        if (target.Version >= 3)
        {
            Assert.That(exception.ServerMessage, Is.EqualTo("not authorized"));
        }

        Assert.That(raised!.WillRetry, Is.False);
        Assert.That(socket.IsActive, Is.False);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
