using System.Diagnostics;
using Tusk.SocketIO.Tests.Integration;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Observability;

/// <summary>Every activity of the <c>Tusk.SocketIO</c> source, seen by an <c>ActivityListener</c> against real servers,
/// and the trace context a client sends in its handshake when asked to.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SocketIoActivityTests
{
    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task Connect_IsAnActivityEndingWithTheTransportItEndsOn(SioTarget target)
    {
        using var activities = new ActivityRecorder();
        var server = await target.ServerAsync();
        await using var client = target.Client(server);
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var transport = client.TransportName;

        var connect = activities.Stopped("socketio.connect").Single();
        Assert.That(connect.ParentSpanId, Is.EqualTo(activities.Root.SpanId));
        Assert.That(connect.Kind, Is.EqualTo(ActivityKind.Client));
        Assert.That(connect.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(connect.GetTagItem("socketio.namespace"), Is.EqualTo("/lifecycle"));
        Assert.That(connect.GetTagItem("socketio.transport"), ConnectTransport.Is(target, transport));

        Assert.That(connect.GetTagItem("socketio.protocol"), Is.EqualTo("5"));
        Assert.That(connect.GetTagItem("server.address"), Is.EqualTo(server.HttpUri.Host));
        Assert.That(connect.GetTagItem("server.port"), Is.EqualTo(server.Port));
    }

    [Test]
    public async Task ARefusedConnect_IsAnActivityWithAnErrorStatus()
    {
        var target = new SioTarget(4, "websocket");
        using var activities = new ActivityRecorder();
        await using var client = target.Client(await target.ServerAsync());

        Assert.ThrowsAsync<SocketIoConnectException>(() => client.Of("/reject").ConnectAsync().WaitAsync(SioTarget.Timeout));

        var connect = activities.Stopped("socketio.connect").Single();
        Assert.That(connect.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(connect.StatusDescription, Does.Contain("not authorized"));
        Assert.That(connect.GetTagItem("error.type"), Is.EqualTo(typeof(SocketIoConnectException).FullName));
    }

    [Test]
    public async Task EmitWithAck_IsAnActivityFromTheSendToTheAck()
    {
        var target = new SioTarget(4, "websocket");
        using var activities = new ActivityRecorder();
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 1).WaitAsync(SioTarget.Timeout);
        Assert.ThrowsAsync<SocketIoAckTimeoutException>(() =>
            socket.EmitWithAckAsync("never-ack", [], new SocketIoEmitOptions { Timeout = TimeSpan.FromMilliseconds(100) }).WaitAsync(SioTarget.Timeout));

        var emits = activities.Stopped("socketio.emit");
        Assert.That(emits, Has.Count.EqualTo(2));
        var acked = emits[0];
        Assert.That(acked.DisplayName, Is.EqualTo("socketio.emit ack-on-attempt"));
        Assert.That(acked.ParentSpanId, Is.EqualTo(activities.Root.SpanId));
        Assert.That(acked.GetTagItem("socketio.event.name"), Is.EqualTo("ack-on-attempt"));
        Assert.That(acked.GetTagItem("socketio.namespace"), Is.EqualTo("/lifecycle"));
        Assert.That(acked.GetTagItem("socketio.ack.id"), Is.EqualTo("0"));
        Assert.That(acked.StartTimeUtc, Is.GreaterThanOrEqualTo(activities.Root.StartTimeUtc));
        Assert.That(acked.Status, Is.EqualTo(ActivityStatusCode.Unset));
        var timedOut = emits[1];
        Assert.That(timedOut.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(timedOut.GetTagItem("error.type"), Is.EqualTo("timeout"));
        // The activity spans the whole wait, not only the send. Its duration is on the stopwatch, while the runtime's
        // timers count a coarse millisecond clock and may fire a few milliseconds early by the stopwatch (a 100 ms
        // ack timeout was recorded as 98.8 ms once at load 17), hence the margin.
        Assert.That(timedOut.Duration, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90)));
    }

    [Test]
    public async Task ARetriedEmit_IsOneActivityPerAttempt_TheRetriesWithTheirNumber()
    {
        var target = new SioTarget(4, "websocket");
        var clock = new FakeClock();
        var ackTimeout = TimeSpan.FromSeconds(5);
        using var activities = new ActivityRecorder();
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.AckTimeout = ackTimeout;
            o.Retries = 1;
            o.TimeProvider = clock;
        });
        var socket = client.Of("/lifecycle");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // The server ignores the first attempt and answers the second, sent once the first one's timeout passed.
        var acked = socket.EmitWithAckAsync<int>("ack-on-attempt", Guid.NewGuid().ToString(), 2);
        await clock.AdvanceWhenArmedAsync(ackTimeout, SioTarget.Timeout);
        Assert.That(await acked.WaitAsync(SioTarget.Timeout), Is.EqualTo(2));

        var emits = await activities.StoppedAsync("socketio.emit", 2, SioTarget.Timeout);
        Assert.That(emits[0].Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(emits[0].GetTagItem("error.type"), Is.EqualTo("timeout"));
        Assert.That(emits[0].GetTagItem("socketio.emit.attempt"), Is.Null, "the first attempt has no number");
        Assert.That(emits[1].Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(emits[1].GetTagItem("socketio.emit.attempt"), Is.EqualTo(2));
        Assert.That(emits[1].GetTagItem("socketio.ack.id"), Is.Not.EqualTo(emits[0].GetTagItem("socketio.ack.id")), "each attempt has its own ack id");
    }

    [Test]
    public async Task Reconnect_IsARootActivityLinkedToTheConnect()
    {
        var target = new SioTarget(4, "polling");
        using var activities = new ActivityRecorder();
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/lifecycle");
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => reconnected.TrySetResult();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("drop-transport");
        await reconnected.Task.WaitAsync(SioTarget.Timeout);

        var connect = activities.Stopped("socketio.connect").Single();
        var reconnect = activities.Stopped("socketio.reconnect").Single();
        Assert.That(reconnect.Parent, Is.Null);
        Assert.That(reconnect.TraceId, Is.Not.EqualTo(activities.Root.TraceId));
        Assert.That(reconnect.Links.Single().Context.SpanId, Is.EqualTo(connect.SpanId));
        Assert.That(reconnect.GetTagItem("socketio.reconnect.attempt"), Is.EqualTo(1));
        Assert.That(reconnect.GetTagItem("socketio.transport"), Is.EqualTo("polling"));
        Assert.That(reconnect.Status, Is.EqualTo(ActivityStatusCode.Unset));
    }

    [Test]
    public async Task AReconnectionAttemptTheServerRefuses_IsAnActivityWithAnErrorStatus()
    {
        var key = Guid.NewGuid().ToString("N");
        var target = new SioTarget(4, "polling");
        using var activities = new ActivityRecorder();
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Query["tusk-refuse"] = key;
            o.ReconnectionAttempts = 2;
        });
        var socket = client.Of("/lifecycle");
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ReconnectFailed += (_, _) => gaveUp.TrySetResult();
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // From now on the server refuses this client's handshakes, so both reconnection attempts fail.
        await socket.EmitWithAckAsync("refuse-handshakes", key).WaitAsync(SioTarget.Timeout);
        await socket.EmitAsync("drop-transport");
        await gaveUp.Task.WaitAsync(SioTarget.Timeout);
        var reconnects = await activities.StoppedAsync("socketio.reconnect", 2, SioTarget.Timeout);

        var connect = activities.Stopped("socketio.connect").Single();
        Assert.That(reconnects.Select(a => a.GetTagItem("socketio.reconnect.attempt")), Is.EqualTo(new object[] { 1, 2 }));
        foreach (var reconnect in reconnects)
        {
            Assert.That(reconnect.Parent, Is.Null);
            Assert.That(reconnect.Links.Single().Context.SpanId, Is.EqualTo(connect.SpanId));
            Assert.That(reconnect.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(reconnect.StatusDescription, Is.Not.Empty);
            Assert.That(reconnect.GetTagItem("error.type"), Is.Not.Null);
            Assert.That(reconnect.GetTagItem("socketio.transport"), Is.Null, "no transport: the attempt opened none");
            Assert.That(reconnect.GetTagItem("server.address"), Is.EqualTo(connect.GetTagItem("server.address")));
            Assert.That(reconnect.GetTagItem("server.port"), Is.EqualTo(connect.GetTagItem("server.port")));
        }
    }

    [Test]
    public async Task ASuccessfulUpgrade_IsAnEngineIoActivityUnderTheConnect()
    {
        var target = new SioTarget(4, "upgrade");
        using var activities = new ActivityRecorder();
        await using var client = target.Client(await target.ServerAsync());
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var upgrade = (await activities.StoppedAsync("engineio.upgrade", 1, SioTarget.Timeout)).Single();

        var connect = activities.Stopped("socketio.connect").Single();
        Assert.That(client.TransportName, Is.EqualTo("websocket"));
        Assert.That(upgrade.Source.Name, Is.EqualTo("Tusk.EngineIO"));
        Assert.That(upgrade.Kind, Is.EqualTo(ActivityKind.Client));
        Assert.That(upgrade.ParentSpanId, Is.EqualTo(connect.SpanId));
        Assert.That(upgrade.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(upgrade.GetTagItem("engineio.transport"), Is.EqualTo("websocket"));
        Assert.That(upgrade.GetTagItem("error.type"), Is.Null);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task TraceContext_GoesToTheServerInTheHandshakeOnlyWhenAsked(SioTarget target)
    {
        using var activities = new ActivityRecorder();
        var server = await target.ServerAsync();
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer observability" };
        await using var propagating = target.Client(server, o =>
        {
            o.ExtraHeaders = new Dictionary<string, string>(headers);
            o.Connection.PropagateTraceContext = true;
        });
        await using var silent = target.Client(server, o => o.ExtraHeaders = new Dictionary<string, string>(headers));
        var withContext = propagating.Of("/header-auth");
        var withoutContext = silent.Of("/header-auth");
        await withContext.ConnectAsync().WaitAsync(SioTarget.Timeout);
        await withoutContext.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var sent = (await withContext.EmitWithAckAsync("headers").WaitAsync(SioTarget.Timeout)).GetJson(0).GetProperty("traceparent").GetString();
        var notSent = (await withoutContext.EmitWithAckAsync("headers").WaitAsync(SioTarget.Timeout)).GetJson(0).GetProperty("traceparent");

        // The propagating client connected first (the connects ran one after the other).
        var connect = activities.Stopped("socketio.connect")[0];
        Assert.That(sent, Is.EqualTo($"00-{activities.Root.TraceId}-{connect.SpanId}-01"));
        Assert.That(notSent.ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }
}
