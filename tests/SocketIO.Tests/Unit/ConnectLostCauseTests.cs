using Moq;
using Tusk.EngineIO;
using Tusk.SocketIO.Sessions;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// A connection that ends between its handshake and the namespace's CONNECT (the CONNECT's send finds it gone) fails
/// the connect with the cause's message in its own, as a loss seen while waiting for the answer does: behind a load
/// balancer without sticky sessions the cause is what tells the user what to change (Cluster.Tests' StickinessTests
/// saw only "The socket has been disconnected (transport error)." once in about six runs, when the loss won this race).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ConnectLostCauseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_connection_lost_before_the_CONNECT_is_sent_fails_the_connect_with_the_causes_message()
    {
        var cause = new EngineIoException("HTTP 400 'Session ID unknown': configure sticky sessions on the load balancer.");
        var session = new FakeSession(SocketIoProtocol.V5, "engine1")
        {
            FailSendsWith = new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportError, cause),
        };
        var factory = new Mock<ISocketIoSessionFactory>(MockBehavior.Strict);
        factory.Setup(f => f.OpenAsync(It.IsAny<CancellationToken>())).ReturnsAsync(session);
        var options = new SocketIoClientOptions { Protocol = SocketIoProtocol.V5, Reconnection = false, TimeProvider = new FakeClock() };
        await using var client = new SocketIoClient(new Uri("http://127.0.0.1:1"), options, factory.Object);

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("could be joined").And.Contain("transport error").And.Contain("sticky sessions"));
        Assert.That(error.InnerException, Is.SameAs(cause));
    }
}
