using System.Diagnostics;
using Tusk.SocketIO.Tests.Integration;

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
        Assert.That(connect.GetTagItem("socketio.transport"), Is.EqualTo(transport).And.Not.Null);
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
