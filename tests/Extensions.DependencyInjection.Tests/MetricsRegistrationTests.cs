using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MetricsRegistrationTests
{
    [Test]
    public async Task TheContainersMeterFactory_IsTheOneEveryLayerMeasuresOn()
    {
        var server = await Servers.DefaultAsync();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSocketIoClient("measured", o =>
        {
            Servers.PollingOnly(o, server);
            o.Transports = ["websocket"];
        });
        await using var provider = services.BuildServiceProvider();
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        var meters = new ConcurrentDictionary<string, byte>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => meters.TryAdd(instrument.Meter.Name, 0));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => meters.TryAdd(instrument.Meter.Name, 0));
        listener.Start();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("measured");
        await client.ConnectAsync().WaitAsync(Servers.Timeout);
        await client.EmitWithAckAsync<string>("ack-echo", "measure me").WaitAsync(Servers.Timeout);

        Assert.That(client.Options.Connection.MeterFactory, Is.SameAs(meterFactory));
        Assert.That(meters.Keys, Does.Contain(SocketIoDiagnostics.MeterName));
    }

    [Test]
    public void MetricsIncludeEventNames_BindsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ServerUri"] = "http://localhost:3000", ["MetricsIncludeEventNames"] = "true" })
            .Build();
        var services = new ServiceCollection();
        services.AddSocketIoClient("bound").Bind(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SocketIoClientOptions>>().Get("bound");

        Assert.That(options.MetricsIncludeEventNames, Is.True);
    }
}
