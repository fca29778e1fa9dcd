namespace Tusk.EngineIO.Tests.Session;

/// <summary>The upgrade handshake over user transports, and the order of writes across the switch.</summary>
public sealed class UpgradeOrderTests
{
    private const string Handshake = """{"sid":"up","upgrades":["memory2"],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}""";

    [Test]
    public async Task Writes_keep_their_order_across_the_transport_switch()
    {
        var factory = new InMemoryTransportFactory();
        var first = factory.Prepare("memory");
        var second = factory.Prepare("memory2");
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory", "memory2"], TransportFactory = factory };
        await using var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        var upgraded = new TaskCompletionSource<EngineIoUpgradeEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Upgraded += (_, e) => upgraded.TrySetResult(e);
        client.UpgradeFailed += (_, e) => upgraded.TrySetException(e.Exception!);
        first.ServerOpens(Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        // Keep sending while the upgrade runs.
        const int total = 200;
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                await client.SendAsync($"m{i}");
            }
        });

        await second.Opened.Task.WaitAsync(TestTimeouts.Event);
        Assert.That(await second.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping, "probe")));
        second.ServerSends(new EngineIoPacket(EngineIoPacketType.Pong, "probe"));

        // Like engine.io, the server releases the paused poll with a noop every 100 ms until the upgrade completes.
        using (var noopTimer = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            do
            {
                first.ServerSends(new EngineIoPacket(EngineIoPacketType.Noop));
            }
            while (!upgraded.Task.IsCompleted && await noopTimer.WaitForNextTickAsync().AsTask().WaitAsync(TestTimeouts.Event));
        }

        Assert.That((await upgraded.Task.WaitAsync(TestTimeouts.Event)).TransportName, Is.EqualTo("memory2"));
        await sender.WaitAsync(TestTimeouts.Event);

        var received = new List<string>();
        while (first.ToServer.Reader.TryRead(out var packet))
        {
            received.Add(packet.Text!);
        }

        Assert.That(await second.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Upgrade)));
        while (received.Count < total)
        {
            var packet = await second.ServerReceivesAsync();
            Assert.That(packet.Type, Is.EqualTo(EngineIoPacketType.Message));
            received.Add(packet.Text!);
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, total).Select(i => $"m{i}")));
        Assert.That(client.TransportName, Is.EqualTo("memory2"));
        Assert.That(first.Disposed, Is.True);

        second.ServerSends(EngineIoPacket.Message("over the new transport"));
        Assert.That((await client.ReceiveAsync())!.Value.Text, Is.EqualTo("over the new transport"));
    }

    [Test]
    public async Task A_failed_probe_leaves_the_session_on_its_transport()
    {
        var factory = new InMemoryTransportFactory();
        var first = factory.Prepare("memory");
        var second = factory.Prepare("memory2");
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory", "memory2"], TransportFactory = factory };
        await using var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        var failed = new TaskCompletionSource<EngineIoUpgradeEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.UpgradeFailed += (_, e) => failed.TrySetResult(e);
        first.ServerOpens(Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(await second.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping, "probe")));
        second.ServerSends(EngineIoPacket.Message("not a probe answer"));

        var args = await failed.Task.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Exception!.Message, Does.Contain("probe"));
        Assert.That(client.TransportName, Is.EqualTo("memory"));
        Assert.That(second.Disposed, Is.True, "the probe is disposed before the failure is reported");
        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);
        Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.Failed));
        Assert.That(settled.TransportName, Is.EqualTo("memory"));
        await client.SendAsync("still polling");
        Assert.That(await first.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("still polling")));
    }
}
