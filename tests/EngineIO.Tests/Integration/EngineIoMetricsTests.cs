using System.Diagnostics;
using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>The Engine.IO layer's own metrics and its upgrade activity, with the layer used alone against real engine.io
/// servers (revisions 3 and 4).</summary>
[Parallelizable(ParallelScope.All)]
public sealed class EngineIoMetricsTests
{
    [TestCase("engineio", "4")]
    [TestCase("engineio-v3", "3")]
    public async Task A_session_counts_itself_its_messages_and_bytes_by_transport_and_its_upgrade(string module, string version)
    {
        using var meters = new MeterRecorder();
        var server = await TestServers.GetSharedAsync(module);
        // The upgrade's WebSocket opens only once the echo has come back over polling: without that gate an upgrade
        // that wins the race gets the server's echo sent over WebSocket (polling received 0, seen once on a loaded machine).
        var echoedOverPolling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            Connection = { MeterFactory = meters },
            TransportFactory = new WebSocketOpensAfterFactory(echoedOverPolling.Task),
        });
        await using (client)
        {
            await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
            await client.SendAsync("héllo").AsTask().WaitAsync(TestTimeouts.Event);
            Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("héllo"));
            echoedOverPolling.SetResult();
            var upgrade = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);
            Assert.That(upgrade.Status, Is.EqualTo(EngineIoUpgradeStatus.Upgraded));
            await client.SendAsync(new byte[] { 1, 2, 3 }).AsTask().WaitAsync(TestTimeouts.Event);
            Assert.That(await client.ReceiveBinaryAsync(), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(meters.Sum("engineio.client.sessions"), Is.EqualTo(1));
        }

        Assert.That(meters.Of("engineio.client.sessions").Select(m => (m.Value, m.Tags["engineio.version"])), Is.EqualTo(new[] { (1d, (object?)version), (-1d, version) }));
        Assert.That(meters.Of("engineio.client.messages.sent")[0].Unit, Is.EqualTo("{message}"));
        Assert.That(meters.Sum("engineio.client.messages.sent", "engineio.transport", "polling"), Is.EqualTo(1));
        Assert.That(meters.Sum("engineio.client.messages.sent", "engineio.transport", "websocket"), Is.EqualTo(1));
        Assert.That(meters.Sum("engineio.client.messages.received", "engineio.transport", "polling"), Is.EqualTo(1));
        Assert.That(meters.Sum("engineio.client.messages.received", "engineio.transport", "websocket"), Is.EqualTo(1));

        // "héllo" is 6 bytes in UTF-8; the binary message 3.
        Assert.That(meters.Of("engineio.client.bytes.sent")[0].Unit, Is.EqualTo("By"));
        Assert.That(meters.Sum("engineio.client.bytes.sent", "engineio.transport", "polling"), Is.EqualTo(6));
        Assert.That(meters.Sum("engineio.client.bytes.sent", "engineio.transport", "websocket"), Is.EqualTo(3));
        Assert.That(meters.Sum("engineio.client.bytes.received", "engineio.transport", "polling"), Is.EqualTo(6));
        Assert.That(meters.Sum("engineio.client.bytes.received", "engineio.transport", "websocket"), Is.EqualTo(3));

        var upgrades = meters.Of("engineio.client.upgrades");
        Assert.That(upgrades.Select(m => (m.Tags["engineio.transport"], m.Tags["engineio.upgrade.result"])), Is.EqualTo(new[] { ((object?)"websocket", (object?)"upgraded") }));
    }

    [Test]
    public async Task A_refused_upgrade_is_counted_as_failed_and_its_activity_has_an_error_status()
    {
        using var meters = new MeterRecorder();
        // The activity stops on the upgrade's own task, just after UpgradeCompletion settles: the test awaits the stop.
        var stopped = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        var upgradeActivities = 0;
        using var root = new ActivitySource("Tusk.Tests.EngineIoMetrics");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EngineIoDiagnostics.ActivitySourceName or "Tusk.Tests.EngineIoMetrics",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var test = root.StartActivity("test")!;
        listener.ActivityStopped = activity =>
        {
            if (activity.TraceId == test.TraceId && activity.OperationName == "engineio.upgrade")
            {
                Interlocked.Increment(ref upgradeActivities);
                stopped.TrySetResult(activity);
            }
        };
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            TransportFactory = new UpgradeCompletionTests.RefusingWebSocketFactory(),
            Connection = { MeterFactory = meters },
        });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.Failed));
        Assert.That(meters.Of("engineio.client.upgrades").Select(m => m.Tags["engineio.upgrade.result"]), Is.EqualTo(new[] { "failed" }));
        var upgrade = await stopped.Task.WaitAsync(TestTimeouts.Event);
        Assert.That(Volatile.Read(ref upgradeActivities), Is.EqualTo(1));

        Assert.That(upgrade.ParentSpanId, Is.EqualTo(test.SpanId));
        Assert.That(upgrade.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(upgrade.GetTagItem("engineio.transport"), Is.EqualTo("websocket"));
        Assert.That(upgrade.GetTagItem("error.type"), Is.Not.Null);
    }

    /// <summary>The built-in transports, except that the WebSocket one opens only once <paramref name="gate"/> completes.</summary>
    private sealed class WebSocketOpensAfterFactory(Task gate) : IEngineIoTransportFactory
    {
        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
        {
            var inner = EngineIoTransportFactory.Default.CreateTransport(name, context);
            return inner is not null && name == EngineIoTransportNames.WebSocket ? new Gated(inner, gate) : inner;
        }

        private sealed class Gated(IEngineIoTransport inner, Task gate) : IEngineIoTransport
        {
            public string Name => inner.Name;

            public async Task OpenAsync(CancellationToken cancellationToken)
            {
                await gate.WaitAsync(cancellationToken);
                await inner.OpenAsync(cancellationToken);
            }

            public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken) => inner.SendAsync(packets, cancellationToken);

            public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

            public Task CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
