namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class RecoveryTests
{
    private static readonly object RecoveryServer = new
    {
        connectionStateRecovery = new { maxDisconnectionDuration = 60_000, skipMiddlewares = true },
    };

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task ConnectionStateRecovery_RestoresTheSessionAndReplaysMissedEvents(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(RecoveryServer));
        var socket = client.Of("/csr");
        var connects = new List<SocketIoConnectedEventArgs>();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Connected += (_, e) =>
        {
            lock (connects)
            {
                connects.Add(e);
                if (connects.Count == 2)
                {
                    reconnected.TrySetResult();
                }
            }
        };
        var room = Guid.NewGuid().ToString("N");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var firstId = socket.Id;
        Assert.That(await socket.EmitWithAckAsync<bool>("join", room).WaitAsync(SioTarget.Timeout), Is.True);
        await socket.EmitAsync("tick", room);
        Assert.That(await socket.WaitAsync("tick", SioTarget.Timeout), Is.Not.Null, "a first event gives the client an offset");

        await socket.EmitAsync("drop-and-miss", room);
        await reconnected.Task.WaitAsync(SioTarget.Timeout);
        var missed = await socket.WaitAsync("missed", SioTarget.Timeout);

        Assert.That(socket.Recovered, Is.True);
        lock (connects)
        {
            Assert.That(connects[0].Recovered, Is.False);
            Assert.That(connects[1].Recovered, Is.True);
        }

        Assert.That(socket.Id, Is.EqualTo(firstId));
        Assert.That(missed?.GetValue<string>(), Is.EqualTo("while-away"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task WithoutRecoveryOnTheServer_ReconnectsAsANewSession(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/csr");
        var reconnected = new TaskCompletionSource<SocketIoConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        socket.Connected += (_, e) =>
        {
            if (Interlocked.Increment(ref count) == 2)
            {
                reconnected.TrySetResult(e);
            }
        };
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var firstId = socket.Id;

        await socket.EmitAsync("drop-and-miss", "nobody");
        var second = await reconnected.Task.WaitAsync(SioTarget.Timeout);

        Assert.That(second.Recovered, Is.False);
        Assert.That(socket.Id, Is.Not.EqualTo(firstId));
    }
}
