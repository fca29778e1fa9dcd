using Tusk.SocketIO.Tests.Integration;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Observability;

/// <summary>Every instrument of the <c>Tusk.SocketIO</c> meter, seen by a <c>MeterListener</c> against real servers.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SocketIoMetricsTests
{
    private static IEnumerable<SioTarget> Targets => SioTarget.V4Only.Append(new SioTarget(2, "websocket"));

    [TestCaseSource(nameof(Targets))]
    public async Task ConnectEmitAckAndDisconnect_AreMeasuredWithTheirTags(SioTarget target)
    {
        using var metrics = new MetricRecorder();
        var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Connection.MeterFactory = metrics.Factory;
            o.MetricsIncludeEventNames = true;
        });
        string? transport;
        await using (client)
        {
            var socket = client.Of("/lifecycle");
            var echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            socket.On("echo", _ => echoed.TrySetResult());
            await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
            transport = client.TransportName;

            await socket.EmitAsync("echo", "hi");
            await echoed.Task.WaitAsync(SioTarget.Timeout);
            var attempts = await socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 1).WaitAsync(SioTarget.Timeout);
            Assert.That(attempts, Is.EqualTo(1));
            Assert.That(metrics.Sum("socketio.client.connections"), Is.EqualTo(1));
            await socket.DisconnectAsync().WaitAsync(SioTarget.Timeout);
        }

        var protocol = target.Version >= 3 ? "5" : "4";
        var opened = metrics.Of("socketio.client.connections");
        Assert.That(opened.Select(m => (m.Value, m.Tag("socketio.protocol"))), Is.EqualTo(new[] { (1d, (object?)protocol), (-1d, protocol) }));
        Assert.That(opened[0].Unit, Is.EqualTo("{connection}"));

        var connect = metrics.Of("socketio.client.connect.duration").Single();
        Assert.That(connect.Unit, Is.EqualTo("s"));
        Assert.That(connect.Value, Is.GreaterThan(0).And.LessThan(SioTarget.Timeout.TotalSeconds));
        Assert.That(connect.Tag("socketio.namespace"), Is.EqualTo("/lifecycle"));
        Assert.That(connect.Tag("socketio.transport"), ConnectTransport.Is(target, transport));
        Assert.That(connect.Tags, Does.Not.ContainKey("error.type"));

        var sent = metrics.Of("socketio.client.messages.sent");
        Assert.That(sent.Select(m => (m.Tag("socketio.packet.type"), m.Tag("socketio.event.name"))),
            Is.EqualTo(new[] { ((object?)"event", (object?)"echo"), ("event", "ack-on-attempt") }));
        Assert.That(sent.Select(m => m.Tag("socketio.namespace")), Is.All.EqualTo("/lifecycle"));
        var received = metrics.Of("socketio.client.messages.received");
        Assert.That(received.Select(m => (m.Tag("socketio.packet.type"), m.Tag("socketio.event.name"))),
            Is.EquivalentTo(new[] { ((object?)"event", (object?)"echo"), ("ack", null) }));

        var ack = metrics.Of("socketio.client.ack.duration").Single();
        Assert.That(ack.Unit, Is.EqualTo("s"));
        Assert.That(ack.Value, Is.GreaterThan(0));
        Assert.That(ack.Tags, Does.Not.ContainKey("error.type"));
        Assert.That(metrics.Of("socketio.client.acks.pending").Select(m => m.Value), Is.EqualTo(new[] { 1d, -1d }));

        // (socket.io 1.x/2.x join "/" by themselves: its socket's disconnect is counted under its own namespace.)
        var disconnect = metrics.Of("socketio.client.disconnects").Single(m => (string?)m.Tag("socketio.namespace") == "/lifecycle");
        Assert.That(disconnect.Tag("socketio.disconnect.reason"), Is.EqualTo("io client disconnect"));
    }

    [Test]
    public async Task EventNames_AreNotTagsUnlessOptedIn()
    {
        var target = new SioTarget(4, "websocket");
        using var metrics = new MetricRecorder();
        await using var client = target.Client(await target.ServerAsync(), o => o.Connection.MeterFactory = metrics.Factory);
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 1).WaitAsync(SioTarget.Timeout);

        var sent = metrics.Of("socketio.client.messages.sent").Single();
        Assert.That(sent.Tags.Keys, Is.EquivalentTo(new[] { "socketio.namespace", "socketio.packet.type" }));
    }

    [Test]
    public async Task AnAckTimeout_IsCountedAndItsWaitRecordedAsATimeout()
    {
        // The ack timeout and the wait it records are on a fake clock: exactly the timeout, whatever the machine's load
        // (in real time the timer could fire a little before 100 ms had passed on the stopwatch).
        var target = new SioTarget(4, "websocket");
        var clock = new FakeClock();
        var ackTimeout = TimeSpan.FromMilliseconds(100);
        using var metrics = new MetricRecorder();
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Connection.MeterFactory = metrics.Factory;
            o.TimeProvider = clock;
        });
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var emitted = socket.EmitWithAckAsync("never-ack", [], new SocketIoEmitOptions { Timeout = ackTimeout });
        await clock.AdvanceWhenArmedAsync(ackTimeout, SioTarget.Timeout);
        Assert.ThrowsAsync<SocketIoAckTimeoutException>(() => emitted.WaitAsync(SioTarget.Timeout));

        Assert.That(metrics.Of("socketio.client.ack.timeouts").Select(m => (m.Value, m.Tag("socketio.namespace"))),
            Is.EqualTo(new[] { (1d, (object?)"/lifecycle") }));
        var wait = metrics.Of("socketio.client.ack.duration").Single();
        Assert.That(wait.Tag("error.type"), Is.EqualTo("timeout"));
        Assert.That(wait.Value, Is.EqualTo(ackTimeout.TotalSeconds));
        Assert.That(metrics.Sum("socketio.client.acks.pending"), Is.Zero);
    }

    [Test]
    public async Task EmitsWhileDisconnected_AreCountedAsBufferedThenAsSentWhenFlushed()
    {
        var target = new SioTarget(4, "polling");
        using var metrics = new MetricRecorder();
        await using var client = target.Client(await target.ServerAsync(), o => o.Connection.MeterFactory = metrics.Factory);
        var socket = client.Of("/lifecycle");
        var echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("echo", _ => echoed.TrySetResult());

        await socket.EmitAsync("echo", "while offline");
        Assert.That(metrics.Of("socketio.client.emits.buffered").Select(m => (m.Value, m.Tag("socketio.namespace"))),
            Is.EqualTo(new[] { (1d, (object?)"/lifecycle") }));
        Assert.That(metrics.Of("socketio.client.messages.sent"), Is.Empty);

        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        await echoed.Task.WaitAsync(SioTarget.Timeout);

        Assert.That(metrics.Sum("socketio.client.messages.sent"), Is.EqualTo(1));
    }

    [Test]
    public async Task ALostConnection_CountsTheDisconnectByReasonAndTheReconnectAttempts()
    {
        var target = new SioTarget(4, "websocket");
        var key = Guid.NewGuid().ToString("N");
        using var metrics = new MetricRecorder();
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Connection.MeterFactory = metrics.Factory;
            o.Query["tusk-refuse"] = key;
            o.ReconnectionAttempts = 2;
        });
        var socket = client.Of("/lifecycle");
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ReconnectFailed += (_, _) => gaveUp.TrySetResult();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // Every reconnection attempt of this client is refused from now on.
        await socket.EmitWithAckAsync("refuse-handshakes", key).WaitAsync(SioTarget.Timeout);
        await socket.EmitAsync("drop-transport");
        await gaveUp.Task.WaitAsync(SioTarget.Timeout);

        var disconnect = metrics.Of("socketio.client.disconnects").Single();
        Assert.That(disconnect.Tag("socketio.disconnect.reason"), Is.AnyOf("transport close", "transport error"));
        var attempts = metrics.Of("socketio.client.reconnect.attempts");
        Assert.That(attempts, Has.Count.EqualTo(2));
        Assert.That(attempts.Select(m => m.Tag("error.type")), Is.All.EqualTo(typeof(SocketIoConnectException).FullName));
        Assert.That(metrics.Sum("socketio.client.connections"), Is.Zero);
    }

    [Test]
    public async Task AReconnection_IsCountedWithoutAnError()
    {
        var target = new SioTarget(4, "polling");
        using var metrics = new MetricRecorder();
        await using var client = target.Client(await target.ServerAsync(), o => o.Connection.MeterFactory = metrics.Factory);
        var socket = client.Of("/lifecycle");
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => reconnected.TrySetResult();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("drop-transport");
        await reconnected.Task.WaitAsync(SioTarget.Timeout);

        var attempt = metrics.Of("socketio.client.reconnect.attempts").Single();
        Assert.That(attempt.Tags, Is.Empty);
        Assert.That(metrics.Sum("socketio.client.connections"), Is.EqualTo(1));
    }

    [Test]
    public async Task ARefusedNamespace_RecordsTheConnectDurationWithTheErrorType()
    {
        var target = new SioTarget(4, "websocket");
        using var metrics = new MetricRecorder();
        await using var client = target.Client(await target.ServerAsync(), o => o.Connection.MeterFactory = metrics.Factory);

        Assert.ThrowsAsync<SocketIoConnectException>(() => client.Of("/reject").ConnectAsync().WaitAsync(SioTarget.Timeout));

        var connect = metrics.Of("socketio.client.connect.duration").Single();
        Assert.That(connect.Tag("error.type"), Is.EqualTo(typeof(SocketIoConnectException).FullName));
        Assert.That(connect.Tag("socketio.namespace"), Is.EqualTo("/reject"));
        Assert.That(connect.Tags, Does.Not.ContainKey("socketio.transport"));
    }

    [Test]
    public async Task WithoutAMeterFactory_TheProcessWideMeterIsUsed()
    {
        var target = new SioTarget(4, "websocket");
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var instruments = new HashSet<string>();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == SocketIoDiagnostics.MeterName && instrument.Meter.Scope is null)
            {
                lock (instruments)
                {
                    instruments.Add(instrument.Name);
                }
            }
        };
        listener.Start();
        await using var client = target.Client(await target.ServerAsync());
        await client.Of("/lifecycle").ConnectAsync().WaitAsync(SioTarget.Timeout);

        lock (instruments)
        {
            Assert.That(instruments, Does.Contain("socketio.client.connect.duration").And.Contain("socketio.client.messages.sent"));
        }
    }
}
