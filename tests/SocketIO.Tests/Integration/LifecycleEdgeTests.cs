using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// The edges of a socket's life against real servers: when Connected is raised, what the last failed reconnection
/// attempt says, and how an ack timeout reads when the emit never left the send buffer.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LifecycleEdgeTests
{
    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Connected_HasBeenRaisedWhenConnectAsyncCompletes(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        SocketIoConnectedEventArgs? rootRaised = null;
        SocketIoConnectedEventArgs? socketRaised = null;
        var connectedInHandler = false;
        client.Connected += (_, e) => rootRaised = e;
        socket.Connected += (_, e) =>
        {
            connectedInHandler = socket.IsConnected;
            socketRaised = e;
        };

        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var rootSeen = rootRaised;
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var socketSeen = socketRaised;

        Assert.That(rootSeen, Is.Not.Null, "Connected of / ran before its ConnectAsync completed");
        Assert.That(rootSeen!.Id, Is.EqualTo(client.Id));
        Assert.That(socketSeen, Is.Not.Null, "Connected of /lifecycle ran before its ConnectAsync completed");
        Assert.That(socketSeen!.Id, Is.EqualTo(socket.Id));
        Assert.That(connectedInHandler, Is.True, "IsConnected is already true inside the handler");
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task ReconnectionAttemptsUsedUp_OnlyTheLastConnectErrorSaysNoRetry(SioTarget target)
    {
        var key = Guid.NewGuid().ToString("N");
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Query["tusk-refuse"] = key;
            o.ReconnectionAttempts = 3;
        });
        var socket = client.Of("/lifecycle");
        var willRetry = new List<bool>();
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.ConnectError += (_, e) => willRetry.Add(e.WillRetry);
        client.ReconnectFailed += (_, _) => gaveUp.TrySetResult();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // From now on the server refuses this client's handshakes, so every reconnection attempt fails.
        await socket.EmitWithAckAsync("refuse-handshakes", key).WaitAsync(SioTarget.Timeout);
        await socket.EmitAsync("drop-transport");
        await gaveUp.Task.WaitAsync(SioTarget.Timeout);

        // Events run in order on one dispatcher: every ConnectError came before ReconnectFailed.
        Assert.That(willRetry, Is.EqualTo(new[] { true, true, false }));
        Assert.That(socket.IsActive, Is.False);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task AckTimeoutOfAnEmitMadeOffline_SaysItWasNeverSent(SioTarget target)
    {
        // The ack timeouts run on a fake clock, and the reconnection delay is far beyond the time it is moved by: the
        // client stays offline until the end, whatever the machine's speed (the server refuses it anyway).
        var key = Guid.NewGuid().ToString("N");
        var clock = new FakeClock();
        var ackTimeout = TimeSpan.FromSeconds(3);
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Query["tusk-refuse"] = key;
            o.TimeProvider = clock;
            o.ReconnectionDelay = o.ReconnectionDelayMax = TimeSpan.FromMinutes(5);
        });
        var socket = client.Of("/lifecycle");
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Disconnected += (_, _) => disconnected.TrySetResult();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var sent = socket.EmitWithAckAsync("never-ack", [], new SocketIoEmitOptions { Timeout = ackTimeout });
        await clock.AdvanceWhenArmedAsync(ackTimeout, SioTarget.Timeout);
        var online = Assert.ThrowsAsync<SocketIoAckTimeoutException>(() => sent.WaitAsync(SioTarget.Timeout));

        await socket.EmitWithAckAsync("refuse-handshakes", key).WaitAsync(SioTarget.Timeout);
        await socket.EmitAsync("drop-transport");
        await disconnected.Task.WaitAsync(SioTarget.Timeout);
        var queued = socket.EmitWithAckAsync("never-ack", [], new SocketIoEmitOptions { Timeout = ackTimeout });
        await clock.AdvanceWhenArmedAsync(ackTimeout, SioTarget.Timeout);
        var offline = Assert.ThrowsAsync<SocketIoAckTimeoutException>(() => queued.WaitAsync(SioTarget.Timeout));

        Assert.That(online!.WasSent, Is.True);
        Assert.That(online.Message, Does.StartWith("No acknowledgement for event 'never-ack' within 3000 ms"));
        Assert.That(offline!.WasSent, Is.False);
        Assert.That(offline.Message, Does.Contain("never sent").And.Contain("queued while disconnected"));
        Assert.That(offline.Message, Does.Not.Contain("No acknowledgement"));
        Assert.That(socket.IsConnected, Is.False, "the server still refuses this client, so it stayed offline");
    }
}
