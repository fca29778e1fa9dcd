using Microsoft.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DisposalTests
{
    [Test]
    public async Task DisposingTheProvider_DisconnectsAndDisposesEveryClient()
    {
        var server = await Servers.DefaultAsync();
        var services = new ServiceCollection();
        services.AddSocketIoClient("a", o => Servers.PollingOnly(o, server));
        services.AddSocketIoClient("b", o => Servers.PollingOnly(o, server));
        services.AddSocketIoClient("never-used", o => Servers.PollingOnly(o, server));
        var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();
        var a = factory.GetClient("a");
        var b = factory.GetClient("b");
        var aDisconnected = DisconnectReason(a);
        var bDisconnected = DisconnectReason(b);
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(Servers.Timeout);
        Assert.That(provider.GetRequiredKeyedService<SocketIoClient>("a"), Is.SameAs(a), "so the container disposes 'a' as well as the factory");

        await provider.DisposeAsync().AsTask().WaitAsync(Servers.Timeout);

        Assert.That(await aDisconnected.WaitAsync(Servers.Timeout), Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(await bDisconnected.WaitAsync(Servers.Timeout), Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(a.IsConnected, Is.False);
        Assert.That(b.IsConnected, Is.False);
        Assert.Throws<ObjectDisposedException>(() => factory.GetClient("a"));
        Assert.Throws<ObjectDisposedException>(() => factory.GetClient("never-used"));
    }

    [Test]
    public async Task DisposingTheProviderSynchronously_DisconnectsEveryClient()
    {
        var server = await Servers.DefaultAsync();
        var services = new ServiceCollection();
        services.AddSocketIoClient("a", o => Servers.PollingOnly(o, server));
        services.AddSocketIoClient("b", o =>
        {
            Servers.PollingOnly(o, server);
            o.Transports = ["websocket"];
        });
        SocketIoClient a, b;
        Task<SocketIoDisconnectReason> aDisconnected, bDisconnected;
        using (var provider = services.BuildServiceProvider())
        {
            var factory = provider.GetRequiredService<ISocketIoClientFactory>();
            a = factory.GetClient("a");
            b = provider.GetRequiredKeyedService<SocketIoClient>("b");
            aDisconnected = DisconnectReason(a);
            bDisconnected = DisconnectReason(b);
            await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(Servers.Timeout);
        } // Dispose(), not DisposeAsync(): threw for the async-only factory and left both connections open

        Assert.That(await aDisconnected.WaitAsync(Servers.Timeout), Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(await bDisconnected.WaitAsync(Servers.Timeout), Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(a.IsConnected || b.IsConnected, Is.False);
        Assert.That(a.EngineId ?? b.EngineId, Is.Null, "no Engine.IO session is left open");
    }

    private static Task<SocketIoDisconnectReason> DisconnectReason(SocketIoClient client)
    {
        var disconnected = new TaskCompletionSource<SocketIoDisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e.Reason);
        return disconnected.Task;
    }

    [Test]
    public async Task DisposingTwice_IsHarmless()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("a", o => o.ServerUri = new Uri("http://127.0.0.1:1"));
        var provider = services.BuildServiceProvider();
        var factory = (IAsyncDisposable)provider.GetRequiredService<ISocketIoClientFactory>();
        provider.GetRequiredService<ISocketIoClientFactory>().GetClient("a");

        await provider.DisposeAsync();
        await factory.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => ((ISocketIoClientFactory)factory).GetClient("a"));
    }
}
