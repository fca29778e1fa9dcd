using Microsoft.Extensions.DependencyInjection;
using Tusk.EngineIO.Transports;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CustomTransportTests
{
    [Test]
    public async Task TransportFactoryRegisteredByType_CarriesTheTraffic()
    {
        var server = await Servers.DefaultAsync();
        var services = new ServiceCollection();
        services.AddSingleton<TrafficLog>();
        services.AddSingleton<RecordingTransportFactory>();
        services.AddSocketIoClient("recorded", o => Servers.PollingOnly(o, server))
            .AddTransportFactory<RecordingTransportFactory>();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("recorded");

        await client.ConnectAsync().WaitAsync(Servers.Timeout);
        var reply = await client.EmitWithAckAsync<string>("ack-echo", "through the recorder").WaitAsync(Servers.Timeout);

        var traffic = provider.GetRequiredService<TrafficLog>().Entries;
        Assert.That(reply, Is.EqualTo("through the recorder"));
        Assert.That(provider.GetRequiredService<RecordingTransportFactory>().Created, Does.Contain("polling"));
        Assert.That(traffic, Has.Some.StartsWith("received Open {"));
        Assert.That(traffic, Has.Some.Matches<string>(e => e.StartsWith("sent Message", StringComparison.Ordinal) && e.Contains("\"ack-echo\",\"through the recorder\"", StringComparison.Ordinal)));
        Assert.That(traffic, Has.Some.Matches<string>(e => e.StartsWith("received Message", StringComparison.Ordinal) && e.Contains("[\"through the recorder\"]", StringComparison.Ordinal)));
    }

    [Test]
    public async Task TransportWithItsOwnName_RegisteredByDelegate_IsTheOneTheClientUses()
    {
        var server = await Servers.DefaultAsync();
        var log = new TrafficLog();
        var services = new ServiceCollection();
        services.AddSocketIoClient("custom", o =>
            {
                Servers.PollingOnly(o, server);
                o.Transports = ["recorded-polling"];
            })
            .AddTransport("recorded-polling", context =>
                new RecordingTransport(EngineIoTransportFactory.Default.CreateTransport(EngineIoTransportNames.Polling, context)!, log));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("custom");

        await client.ConnectAsync().WaitAsync(Servers.Timeout);
        await client.EmitWithAckAsync<string>("ack-echo", "named").WaitAsync(Servers.Timeout);

        Assert.That(log.Entries[0], Is.EqualTo("open polling"));
        Assert.That(log.Entries, Has.Some.Contains("\"ack-echo\",\"named\""));
    }

    [Test]
    public async Task TransportFactoryTypeThatIsNotRegistered_IsCreatedWithItsDependencies()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TrafficLog>();
        services.AddSocketIoClient("c", o => o.ServerUri = new Uri("http://127.0.0.1:1")).AddTransportFactory<RecordingTransportFactory>();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("c").Options.TransportFactory;
        var context = new EngineIoTransportContext(new Uri("http://127.0.0.1:1"), new EngineIO.EngineIoClientOptions());

        await using var transport = factory!.CreateTransport(EngineIoTransportNames.Polling, context);

        // RecordingTransportFactory's only constructor takes the TrafficLog, which only the container has.
        Assert.That(transport, Is.InstanceOf<RecordingTransport>());
    }

    [Test]
    public async Task RegisteredFactories_LeaveTheBuiltInTransportsAvailable()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("c", o => o.ServerUri = new Uri("http://127.0.0.1:1"))
            .AddTransport("other", _ => throw new AssertionException("not asked for"));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("c").Options.TransportFactory;
        var context = new EngineIoTransportContext(new Uri("http://127.0.0.1:1"), new EngineIO.EngineIoClientOptions());

        await using var polling = factory!.CreateTransport(EngineIoTransportNames.Polling, context);

        Assert.That(polling?.Name, Is.EqualTo(EngineIoTransportNames.Polling));
        Assert.That(factory.CreateTransport("unknown", context), Is.Null);
    }
}
