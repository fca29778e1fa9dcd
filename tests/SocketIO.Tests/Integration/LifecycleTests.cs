using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LifecycleTests
{
    // On a fake clock (FakeClock): long enough to be told apart from the session's other timers, and several of them
    // stay well inside the heartbeat and polling timeouts, which run on the same clock.
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(3);

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task ServerDropsTheTransport_ClientReconnectsAndRejoins(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var events = new EventRecorder(socket, client);
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var firstEngine = client.EngineId;

        await socket.EmitAsync("drop-transport");
        var disconnect = await events.Disconnected.Task.WaitAsync(SioTarget.Timeout);
        await events.Reconnected.Task.WaitAsync(SioTarget.Timeout);
        await events.SecondConnect.Task.WaitAsync(SioTarget.Timeout);
        var echoed = await socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 1).WaitAsync(SioTarget.Timeout);

        Assert.That(disconnect.Reason, Is.AnyOf(SocketIoDisconnectReason.TransportClose, SocketIoDisconnectReason.TransportError));
        Assert.That(disconnect.WillReconnect, Is.True);
        Assert.That(socket.IsConnected, Is.True);
        Assert.That(client.EngineId, Is.Not.EqualTo(firstEngine));
        Assert.That(echoed, Is.EqualTo(1));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task ServerCallsDisconnect_NoReconnection(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var events = new EventRecorder(socket, client);
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("kick-me");
        var disconnect = await events.Disconnected.Task.WaitAsync(SioTarget.Timeout);

        Assert.That(disconnect.Reason, Is.EqualTo(SocketIoDisconnectReason.IoServerDisconnect));
        Assert.That(disconnect.WillReconnect, Is.False);
        Assert.That(socket.IsActive, Is.False);
        Assert.That(socket.IsConnected, Is.False);
        Assert.That(events.ReconnectAttempts, Is.Zero);

        // connecting again by hand works
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        Assert.That(socket.IsConnected, Is.True);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task AckTimeout_ThrowsAndTheConnectionStays(SioTarget target)
    {
        var clock = new FakeClock();
        await using var client = target.Client(await target.ServerAsync(), o => o.TimeProvider = clock);
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var emit = socket.EmitWithAckAsync("never-ack", [], new SocketIoEmitOptions { Timeout = AckTimeout });
        await clock.WhenArmedAsync(AckTimeout).WaitAsync(SioTarget.Timeout);
        clock.Advance(AckTimeout - TimeSpan.FromMilliseconds(1));
        Assert.That(emit.IsCompleted, Is.False, "the ack timeout has not passed yet");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var exception = Assert.ThrowsAsync<SocketIoAckTimeoutException>(() => emit.WaitAsync(SioTarget.Timeout));

        Assert.That(exception!.EventName, Is.EqualTo("never-ack"));
        Assert.That(exception.Attempts, Is.EqualTo(1));
        Assert.That(socket.IsConnected, Is.True);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Retries_ResendUntilTheServerAcks(SioTarget target)
    {
        var clock = new FakeClock();
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.AckTimeout = AckTimeout;
            o.Retries = 3;
            o.TimeProvider = clock;
        });
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var key = Guid.NewGuid().ToString();

        // The server ignores attempts 1 and 2 and answers the third; each timeout passes only once its attempt waits.
        var acked = socket.EmitWithAckAsync<int>("ack-on-attempt", key, 3);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await clock.AdvanceWhenArmedAsync(AckTimeout, SioTarget.Timeout);
        }

        var attempts = await acked.WaitAsync(SioTarget.Timeout);
        var unanswered = socket.EmitWithAckAsync("never-ack");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await clock.AdvanceWhenArmedAsync(AckTimeout, SioTarget.Timeout);
        }

        var exhausted = Assert.ThrowsAsync<SocketIoAckTimeoutException>(() => unanswered.WaitAsync(SioTarget.Timeout));
        Assert.That(attempts, Is.EqualTo(3));
        Assert.That(exhausted!.Attempts, Is.EqualTo(4));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task EmitsWhileOffline_AreBufferedAndSentInOrderOnConnect(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var sent = new List<string>();
        socket.OnAnyOutgoing(e => { lock (sent) { sent.Add(e.Name + ":" + e.Arguments[0]); } });

        for (var i = 0; i < 5; i++)
        {
            await socket.EmitAsync("echo", i);
        }

        await socket.EmitAsync("echo", [99], new SocketIoEmitOptions { Volatile = true });
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var received = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var echo = await socket.WaitAsync("echo", SioTarget.Timeout);
            received.Add(echo!.GetValue<int>());
        }

        Assert.That(received, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        lock (sent)
        {
            Assert.That(sent, Is.EqualTo(new[] { "echo:0", "echo:1", "echo:2", "echo:3", "echo:4" }));
        }
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task ThrowingAndSlowHandlers_DoNotStallTheConnection(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        socket.On("echo", _ => throw new InvalidOperationException("handler bug"));
        socket.On("echo", async e =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await release.Task; // a handler awaiting something that only a later event releases
            }
            else
            {
                seen.TrySetResult(e.GetValue<int>());
            }
        });
        socket.On("echo", e =>
        {
            if (e.GetValue<int>() == 2)
            {
                release.TrySetResult();
            }
        });
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("echo", 1);
        await socket.EmitAsync("echo", 2);
        var second = await seen.Task.WaitAsync(SioTarget.Timeout);
        var ack = await socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 1).WaitAsync(SioTarget.Timeout);

        Assert.That(second, Is.EqualTo(2));
        Assert.That(ack, Is.EqualTo(1));
        Assert.That(socket.IsConnected, Is.True);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task HandlerAwaitingAnAck_DoesNotDeadlock(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var result = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("echo", async _ => result.TrySetResult(
            await socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 1)));
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("echo", "go");

        Assert.That(await result.Task.WaitAsync(SioTarget.Timeout), Is.EqualTo(1));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task OnceOffOnAnyAndTheEventStream_SeeWhatTheyShould(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var once = 0;
        var off = 0;
        var any = new List<string>();
        socket.Once("echo", _ => Interlocked.Increment(ref once));
        socket.On("echo", _ => Interlocked.Increment(ref off));
        socket.Off("echo");
        socket.OnAny(e => { lock (any) { any.Add(e.Name); } });
        await using var stream = socket.ReadEventsAsync().GetAsyncEnumerator();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("echo", "a");
        await socket.EmitAsync("echo", "b");
        Assert.That(await stream.MoveNextAsync().AsTask().WaitAsync(SioTarget.Timeout), Is.True);
        var first = stream.Current.GetValue<string>();
        Assert.That(await stream.MoveNextAsync().AsTask().WaitAsync(SioTarget.Timeout), Is.True);
        var second = stream.Current.GetValue<string>();
        // The pull buffer keeps only events that nothing else took: here OnAny and the stream took both.
        var drained = await socket.DrainAsync(TimeSpan.Zero);

        Assert.That((first, second), Is.EqualTo(("a", "b")));
        Assert.That(drained, Is.Empty);
        Assert.That(Volatile.Read(ref once), Is.Zero, "Off removed the once handler too");
        Assert.That(Volatile.Read(ref off), Is.Zero);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task ServerAckRequest_AnsweredLaterFromTheStream(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var reply = socket.EmitWithAckAsync("call-me");
        var request = await socket.WaitAsync("call-me", SioTarget.Timeout);
        await request!.AckAsync("pong", 2);
        var described = await reply.WaitAsync(SioTarget.Timeout);

        Assert.That(described.GetJson(0).GetRawText(), Is.EqualTo("[\"pong\",2]"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task ClientDisconnect_FailsPendingAcksAndReportsTheReason(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var events = new EventRecorder(socket, client);
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var pending = socket.EmitWithAckAsync("never-ack");
        await client.DisconnectAsync().WaitAsync(SioTarget.Timeout);

        Assert.ThrowsAsync<SocketIoDisconnectedException>(() => pending.WaitAsync(SioTarget.Timeout));
        var disconnect = await events.Disconnected.Task.WaitAsync(SioTarget.Timeout);
        Assert.That(disconnect.Reason, Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(client.EngineId, Is.Null);
    }

    /// <summary>Records lifecycle events as awaitable signals.</summary>
    private sealed class EventRecorder
    {
        private int _connects;
        private int _reconnectAttempts;

        public EventRecorder(SocketIoSocket socket, SocketIoClient client)
        {
            socket.Connected += (_, _) =>
            {
                if (Interlocked.Increment(ref _connects) == 2)
                {
                    SecondConnect.TrySetResult();
                }
            };
            socket.Disconnected += (_, e) => Disconnected.TrySetResult(e);
            client.Reconnecting += (_, _) => Interlocked.Increment(ref _reconnectAttempts);
            client.Reconnected += (_, _) => Reconnected.TrySetResult();
        }

        public TaskCompletionSource<SocketIoDisconnectedEventArgs> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SecondConnect { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ReconnectAttempts => Volatile.Read(ref _reconnectAttempts);
    }
}
