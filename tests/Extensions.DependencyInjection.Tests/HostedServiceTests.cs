using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostedServiceTests
{
    [Test]
    public async Task ConnectOnStart_ConnectsAtStartAndDisconnectsAtStop()
    {
        var defaultServer = await Servers.DefaultAsync();
        var altServer = await Servers.AltPathAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        builder.Services.AddSocketIoClient("main", o => Servers.PollingOnly(o, defaultServer))
            .ConfigureClient(client =>
            {
                // Nothing reconnects in this test, so Connected fires only if this ran before ConnectOnStart connected.
                client.Connected += (_, _) => connected.TrySetResult();
                client.Disconnected += (_, e) => disconnected.TrySetResult(e.Reason);
            })
            .ConnectOnStart();
        builder.Services.AddSocketIoClient("alt", o =>
            {
                Servers.PollingOnly(o, altServer);
                o.Path = Servers.AltPath;
            })
            .ConnectOnStart()
            .ConnectOnStart();
        builder.Services.AddSocketIoClient("idle", o => Servers.PollingOnly(o, defaultServer));
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<ISocketIoClientFactory>();

        await host.StartAsync().WaitAsync(Servers.Timeout);

        var main = factory.GetClient("main");
        var alt = factory.GetClient("alt");
        var idle = factory.GetClient("idle");
        await connected.Task.WaitAsync(Servers.Timeout);
        Assert.That(main.IsConnected, Is.True);
        Assert.That(alt.IsConnected, Is.True);
        Assert.That(idle.IsConnected, Is.False, "only ConnectOnStart clients are connected");
        Assert.That(await alt.EmitWithAckAsync<string>("ack-echo", "hosted").WaitAsync(Servers.Timeout), Is.EqualTo("hosted"));

        await host.StopAsync().WaitAsync(Servers.Timeout);

        Assert.That(main.IsConnected, Is.False);
        Assert.That(alt.IsConnected, Is.False);
        Assert.That(await disconnected.Task.WaitAsync(Servers.Timeout), Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_host_disposed_synchronously_right_after_StopAsync_does_not_wait_out_the_clients_disposal_bound(string transport)
    {
        // `using var host = ...; await host.StopAsync();` then the end of the scope. The code after StopAsync ran on the
        // session's own receive loop, so the synchronous disposal there blocked the loop it waits for, for the whole
        // ConnectTimeout (the disposal's bound): 5 minutes here, so the bound below fails unless nothing is blocked.
        var server = await Servers.DefaultAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIoClient("main", o =>
            {
                o.ServerUri = server.HttpUri;
                o.Transports = [transport];
                o.Reconnection = false;
                o.ConnectTimeout = TimeSpan.FromMinutes(5);
            })
            .ConnectOnStart();
        var host = builder.Build();
        var client = host.Services.GetRequiredService<ISocketIoClientFactory>().GetClient("main");
        await host.StartAsync().WaitAsync(Servers.Timeout);
        Assert.That(client.IsConnected, Is.True);

        var stoppedThenDisposed = Task.Run(async () =>
        {
            await host.StopAsync();
            host.Dispose();
        });
        await stoppedThenDisposed.WaitAsync(Servers.Timeout);

        Assert.That(client.IsConnected, Is.False);
        Assert.Throws<ObjectDisposedException>(() => host.Services.GetRequiredService<ISocketIoClientFactory>());
    }

    [Test]
    public async Task ConnectOnStart_UnreachableServer_FailsTheStartNamingTheClient()
    {
        var closedPort = ClosedLoopbackPort();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIoClient("down", o =>
            {
                o.ServerUri = new Uri($"http://127.0.0.1:{closedPort}");
                o.Transports = ["polling"];
                o.Reconnection = false;
                o.ConnectTimeout = TimeSpan.FromSeconds(5);
            })
            .ConnectOnStart();
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(Servers.Timeout));

        Assert.That(error!.Message, Does.StartWith($"Socket.IO client 'down' could not connect to http://127.0.0.1:{closedPort}/ at application start: "));
        Assert.That(error.InnerException, Is.Not.Null);
    }

    [Test]
    public void ConnectOnStart_NeedsABuilderFromAddSocketIoClient()
    {
        var services = new ServiceCollection();
        var foreign = new ForeignBuilder(services);

        var error = Assert.Throws<InvalidOperationException>(() => foreign.ConnectOnStart());

        Assert.That(error!.Message, Does.Contain("'stranger'"));
    }

    [Test]
    public void ConnectOnStart_RegistersTheHostedServiceOnce()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("a").ConnectOnStart();
        services.AddSocketIoClient("b").ConnectOnStart();

        Assert.That(services.Count(d => d.ServiceType == typeof(IHostedService)), Is.EqualTo(1));
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class ForeignBuilder(IServiceCollection services) : ISocketIoClientBuilder
    {
        public string Name => "stranger";

        public IServiceCollection Services => services;
    }
}
