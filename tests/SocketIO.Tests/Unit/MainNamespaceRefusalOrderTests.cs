using Moq;
using Tusk.SocketIO.Sessions;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// A socket.io 1.x/2.x server runs the main namespace's middleware as soon as the connection opens, so its refusal
/// (an ERROR on "/") can reach the client before the client has sent the CONNECT of the namespace it asked for, and
/// the client then closes the connection, which no namespace wants any more. The namespace's connect must still fail
/// with the server's refusal, not with the send that found the connection gone (seen once against socket.io 1.x over
/// WebSocket: MainNamespaceRefusalTests got no server message). A session of ours stands in for the server here so
/// that the order is exact.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MainNamespaceRefusalOrderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const string RefusalMessage = "refused by the main namespace";

    [Test]
    public async Task A_refusal_handled_before_the_namespace_CONNECT_is_sent_fails_the_namespace_with_the_servers_message()
    {
        var session = new FakeSession(SocketIoProtocol.V4, "engine1");
        session.ServerSends("4\"" + RefusalMessage + "\"");
        session.BeforeSend = async _ =>
        {
            // The refusal has been handled (and the connection closed) before this CONNECT goes out.
            await session.FirstPacketHandled.WaitAsync(Timeout);
            throw new SocketIoDisconnectedException(SocketIoDisconnectReason.ForcedClose);
        };
        var factory = new Mock<ISocketIoSessionFactory>(MockBehavior.Strict);
        factory.Setup(f => f.OpenAsync(It.IsAny<CancellationToken>())).ReturnsAsync(session);
        var options = new SocketIoClientOptions { Protocol = SocketIoProtocol.V4, TimeProvider = new FakeClock() };
        await using var client = new SocketIoClient(new Uri("http://127.0.0.1:1"), options, factory.Object);
        var basic = client.Of("/basic");

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => basic.ConnectAsync().WaitAsync(Timeout));

        Assert.That(error!.ServerMessage, Is.EqualTo(RefusalMessage), error.Message);
        Assert.That(error.Namespace, Is.EqualTo("/basic"));
        Assert.That(error.IsServerRejection, Is.True);
        Assert.That(basic.IsConnected, Is.False);
        Assert.That(basic.IsActive, Is.False);
    }
}
