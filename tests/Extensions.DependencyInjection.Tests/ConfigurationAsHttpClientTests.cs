using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>What AddHttpClient users expect of named clients: reloads, shared defaults, settings from configuration.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ConfigurationAsHttpClientTests
{
    [Test]
    public void A_reload_reaches_clients_created_after_it_and_existing_clients_keep_their_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocketIo:Early:ServerUri"] = "http://127.0.0.1:3001",
            ["SocketIo:Late:ServerUri"] = "http://127.0.0.1:3001",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSocketIoClient("early", configuration.GetSection("SocketIo:Early"));
        services.AddSocketIoClient("late").BindConfiguration("SocketIo:Late");
        using var provider = services.BuildServiceProvider();
        var changed = new List<string?>();
        using var subscription = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().OnChange((_, name) =>
        {
            lock (changed)
            {
                changed.Add(name);
            }
        });
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();
        var early = factory.GetClient("early");

        configuration["SocketIo:Early:ServerUri"] = "http://127.0.0.1:3002";
        configuration["SocketIo:Late:ServerUri"] = "http://127.0.0.1:3002";
        configuration.Reload();
        var late = factory.GetClient("late");

        lock (changed)
        {
            Assert.That(changed, Is.SupersetOf(new[] { "early", "late" }), "IOptionsMonitor.OnChange fires for both names");
        }

        Assert.That(late.ServerUri, Is.EqualTo(new Uri("http://127.0.0.1:3002")), "created after the reload");
        Assert.That(early.ServerUri, Is.EqualTo(new Uri("http://127.0.0.1:3001")), "created before: keeps its options");
        Assert.That(factory.GetClient("early"), Is.SameAs(early));
    }

    [Test]
    public void Shared_defaults_apply_to_every_client_before_its_own_configuration()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("before", o =>
        {
            o.ServerUri = new Uri("http://127.0.0.1:3001");
            o.ConnectTimeout = TimeSpan.FromSeconds(7);
        });
        services.ConfigureSocketIoClientDefaults(o =>
        {
            o.Transports = ["websocket"];
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.ExtraHeaders["X-Team"] = "core";
        });
        services.ConfigureSocketIoClientDefaults(o => o.ExtraHeaders["X-Region"] = "eu");
        services.AddSocketIoClient("after", o => o.ServerUri = new Uri("http://127.0.0.1:3002"));
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>();

        var before = monitor.Get("before");
        var after = monitor.Get("after");

        Assert.That(before.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)), "the client's own setting wins, though registered first");
        Assert.That(after.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        foreach (var options in new[] { before, after })
        {
            Assert.That(options.Transports, Is.EqualTo(new[] { "websocket" }));
            Assert.That(options.ExtraHeaders, Is.EquivalentTo(new Dictionary<string, string> { ["X-Team"] = "core", ["X-Region"] = "eu" }));
        }
    }

    [Test]
    public async Task The_namespace_comes_from_configuration()
    {
        var server = await Servers.DefaultAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocketIo:Acks:ServerUri"] = server.HttpUri.ToString(),
            ["SocketIo:Acks:Namespace"] = "ack",
            ["SocketIo:Acks:Transports:0"] = "websocket",
        });
        builder.Services.AddSocketIoClient("acks").BindConfiguration("SocketIo:Acks").ConnectOnStart();
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(Servers.Timeout);
        var client = host.Services.GetRequiredService<ISocketIoClientFactory>().GetClient("acks");
        var ack = await client.EmitWithAckAsync("test-send-ack", "x").WaitAsync(Servers.Timeout);

        Assert.That(client.Namespace, Is.EqualTo("/ack"));
        Assert.That(client.Of("/ack"), Is.SameAs(client));
        Assert.That(ack.GetJson(0).GetString(), Is.EqualTo("+ack"), "only the /ack namespace answers this event");
        await host.StopAsync().WaitAsync(Servers.Timeout);
    }
}
