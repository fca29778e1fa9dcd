using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary><c>AddSocketIoClient(...).AddHealthCheck()</c> against a real socket.io 4.x server.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HealthCheckTests
{
    [Test]
    public async Task AClient_IsUnhealthyUntilConnectedThenHealthyWithItsTransport()
    {
        var server = await Servers.DefaultAsync();
        var services = new ServiceCollection();
        services.AddSocketIoClient("checked", o => Lifecycle(o, server)).AddHealthCheck(tags: ["ready"]);
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        var before = (await health.CheckHealthAsync()).Entries["socketio-checked"];
        await provider.GetRequiredService<ISocketIoClientFactory>().GetClient("checked").ConnectAsync().WaitAsync(Servers.Timeout);
        var after = (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Entries["socketio-checked"];

        Assert.That(before.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(before.Description, Is.EqualTo("Socket.IO client 'checked' is not connected."));
        Assert.That(after.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(after.Data["transport"], Is.EqualTo("polling"));
    }

    [Test]
    public async Task AClientThatLostItsConnection_IsDegradedWithTheAttemptWhileReconnecting()
    {
        var server = await Servers.DefaultAsync();
        var key = Guid.NewGuid().ToString("N");
        var services = new ServiceCollection();
        services.AddSocketIoClient("reconnecting", o =>
        {
            Lifecycle(o, server);
            o.Query["tusk-refuse"] = key;
            o.ReconnectionAttempts = int.MaxValue;
        }).AddHealthCheck("sio");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("reconnecting");
        var attempting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnecting += (_, _) => attempting.TrySetResult();
        await client.ConnectAsync().WaitAsync(Servers.Timeout);

        // Every reconnection attempt of this client is refused from now on: it keeps reconnecting.
        await client.EmitWithAckAsync("refuse-handshakes", key).WaitAsync(Servers.Timeout);
        await client.EmitAsync("drop-transport");
        await attempting.Task.WaitAsync(Servers.Timeout);
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["sio"];

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That((int)entry.Data["attempt"], Is.GreaterThanOrEqualTo(1));
        Assert.That(entry.Description, Does.StartWith("Socket.IO client 'reconnecting' lost its connection and is reconnecting (attempt "));
    }

    [Test]
    public async Task AClientThatGaveUpReconnecting_HasTheFailureStatus()
    {
        var server = await Servers.DefaultAsync();
        var key = Guid.NewGuid().ToString("N");
        var services = new ServiceCollection();
        services.AddSocketIoClient("failed", o =>
        {
            Lifecycle(o, server);
            o.Query["tusk-refuse"] = key;
            o.ReconnectionAttempts = 1;
        }).AddHealthCheck(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("failed");
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ReconnectFailed += (_, _) => gaveUp.TrySetResult();
        await client.ConnectAsync().WaitAsync(Servers.Timeout);

        await client.EmitWithAckAsync("refuse-handshakes", key).WaitAsync(Servers.Timeout);
        await client.EmitAsync("drop-transport");
        await gaveUp.Task.WaitAsync(Servers.Timeout);
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["socketio-failed"];

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(entry.Description, Is.EqualTo("Socket.IO client 'failed' lost its connection and gave up reconnecting."));
    }

    [Test]
    public void AddHealthCheck_NeedsARegisteredClient()
    {
        var services = new ServiceCollection();
        var builder = new UnregisteredBuilder(services);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddHealthCheck());

        Assert.That(error!.Message, Does.Contain("no client named 'ghost' is registered"));
    }

    private static void Lifecycle(SocketIoClientOptions options, Tusk.Testing.NodeServer server)
    {
        Servers.PollingOnly(options, server);
        options.Namespace = "/lifecycle";
    }

    private sealed class UnregisteredBuilder(IServiceCollection services) : ISocketIoClientBuilder
    {
        public string Name => "ghost";

        public IServiceCollection Services => services;
    }
}
