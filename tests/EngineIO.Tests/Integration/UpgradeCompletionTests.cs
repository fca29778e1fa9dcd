using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary><see cref="EngineIoClient.UpgradeCompletion"/> against real engine.io servers, for the outcomes other than a
/// plain upgrade (which <see cref="EngineIoServerTests"/> covers in every mode): refused, not offered, session ended.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class UpgradeCompletionTests
{
    [TestCase("engineio")]
    [TestCase("engineio-v3")]
    public async Task A_refused_upgrade_settles_as_failed_and_the_session_stays_on_polling(string module)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { TransportFactory = new RefusingWebSocketFactory() });
        var failed = client.WhenUpgradeSettled();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.Multiple(() =>
        {
            Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.Failed));
            Assert.That(settled.TransportName, Is.EqualTo("polling"));
            Assert.That(settled.Exception?.Message, Does.Contain("refused"));
            Assert.That(failed.IsCompleted, Is.True, "UpgradeFailed was raised before the upgrade settled");
        });
        await client.SendAsync("still here");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("still here"));
    }

    [TestCase("engineio")]
    [TestCase("engineio-v3")]
    public async Task A_server_that_offers_no_upgrade_settles_as_not_attempted(string module)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000, allowUpgrades = false });
        await using var client = new EngineIoClient(server.HttpUri);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.NotAttempted));
        Assert.That(settled.TransportName, Is.EqualTo("polling"));
    }

    [Test]
    public async Task A_session_that_never_opens_settles_as_not_attempted_with_the_failure()
    {
        await using var server = new SilentHttpServer();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200) });

        var connect = Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));
        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.NotAttempted));
        Assert.That(settled.TransportName, Is.Null);
        Assert.That(settled.Exception, Is.SameAs(connect));
    }

    [Test]
    public async Task A_probe_that_hangs_past_the_upgrade_timeout_settles_as_failed_and_the_session_stays_on_polling()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        var factory = new HangingWebSocketFactory();
        var options = new EngineIoClientOptions { TransportFactory = factory, UpgradeTimeout = TimeSpan.FromMilliseconds(300) };
        await using var client = new EngineIoClient(server.HttpUri, options);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.Failed));
        Assert.That(settled.TransportName, Is.EqualTo("polling"));
        Assert.That(settled.Exception?.Message, Does.Contain("did not complete within 0.3 s"));
        await client.SendAsync("still here");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("still here"));
    }

    [Test]
    public async Task A_session_the_server_ends_while_the_probe_hangs_settles_as_failed()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        var factory = new HangingWebSocketFactory();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { TransportFactory = factory });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        await factory.ProbeOpening.WaitAsync(TestTimeouts.Event);
        Assert.That(client.UpgradeCompletion.IsCompleted, Is.False);

        await client.SendAsync("cmd:close");
        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.That(settled.Status, Is.EqualTo(EngineIoUpgradeStatus.Failed));
        Assert.That(settled.Exception?.Message, Does.Contain("ServerClose"));
        Assert.That(client.CloseReason, Is.EqualTo(EngineIoCloseReason.ServerClose));
    }

    /// <summary>The built-in transports, except that opening a WebSocket fails as a refused upgrade would.</summary>
    internal sealed class RefusingWebSocketFactory : IEngineIoTransportFactory
    {
        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
            name == EngineIoTransportNames.WebSocket ? new Refusing() : EngineIoTransportFactory.Default.CreateTransport(name, context);

        private sealed class Refusing : IEngineIoTransport
        {
            public string Name => EngineIoTransportNames.WebSocket;

            public Task OpenAsync(CancellationToken cancellationToken) => throw new EngineIoException("The upgrade was refused (403).", 403, null, null);

            public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken) => throw new InvalidOperationException();

            public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) => throw new InvalidOperationException();

            public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>The built-in transports, except that opening a WebSocket waits until cancelled.</summary>
    private sealed class HangingWebSocketFactory : IEngineIoTransportFactory
    {
        private readonly TaskCompletionSource _opening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ProbeOpening => _opening.Task;

        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
            name == EngineIoTransportNames.WebSocket ? new Hanging(_opening) : EngineIoTransportFactory.Default.CreateTransport(name, context);

        private sealed class Hanging(TaskCompletionSource opening) : IEngineIoTransport
        {
            public string Name => EngineIoTransportNames.WebSocket;

            public async Task OpenAsync(CancellationToken cancellationToken)
            {
                opening.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken) => throw new InvalidOperationException();

            public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) => throw new InvalidOperationException();

            public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
