using static Tusk.SocketIO.Tests.Unit.ClientBehaviourTests;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// When the last namespace leaves, the client closes the connection; its receive loop sees that end a moment later and
/// tells the sockets. A namespace may have begun connecting again in that moment, on a new connection, and that news must
/// leave it alone. The manager once looked at the socket's activity and the socket, a moment later under its own lock,
/// deactivated itself: a connect that slipped in between had the server's answer ignored as late and timed out
/// ("the server did not answer the namespace's CONNECT"; AuthTests' second connect after a disconnect, once, loaded).
/// The socket now decides under the lock its connect holds while it becomes active.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LateCloseOfALeftConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task The_late_end_of_a_connection_closed_on_purpose_leaves_a_namespace_that_connects_again_alone()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var (_, chat) = await FakeChat.ConnectAsync(factory, client);
        await chat.DisconnectAsync().WaitAsync(Timeout);

        var again = chat.ConnectAsync();
        var second = await factory.NextOpenedAsync();
        Assert.That(await second.NextSentAsync(), Does.StartWith("0/chat"));

        // The first connection's end, as its receive loop reports it when it comes after this connect began.
        chat.OnSessionClosed(SocketIoDisconnectReason.ForcedClose, error: null, willReconnect: false, spareIfActive: true);
        second.ServerSends("0/chat,{\"sid\":\"c2\"}");
        await again.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(chat.IsConnected, Is.True);
            Assert.That(chat.IsActive, Is.True);
            Assert.That(chat.Id, Is.EqualTo("c2"));
        });
    }

    [Test]
    public async Task The_end_of_a_connection_the_client_did_not_close_still_ends_an_active_namespace()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var (_, chat) = await FakeChat.ConnectAsync(factory, client);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Disconnected += (_, e) => disconnected.TrySetResult(e);

        // Only a close the client made spares an active socket; a lost connection (here without reconnection) ends it.
        chat.OnSessionClosed(SocketIoDisconnectReason.TransportClose, error: null, willReconnect: false, spareIfActive: false);

        Assert.That((await disconnected.Task.WaitAsync(Timeout)).Reason, Is.EqualTo(SocketIoDisconnectReason.TransportClose));
        Assert.That(chat.IsActive, Is.False);
    }
}
