using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ConfigurationBindingTests
{
    private const string AppSettings = """
        {
          "SocketIo": {
            "Chat": {
              "ServerUri": "https://chat.example.com/prefix",
              "Path": "/chat-io",
              "Protocol": "V5",
              "Transports": [ "websocket" ],
              "Transport": "websocket",
              "Upgrade": false,
              "Auth": { "token": "secret" },
              "Query": { "room": "lobby" },
              "ExtraHeaders": { "X-Tenant": "blue" },
              "UserAgent": "worker/1.0",
              "Origin": "https://app.example.com",
              "Referer": "https://app.example.com/page",
              "AddCorsHeaders": true,
              "KeepAlive": false,
              "ConnectTimeout": "00:00:07",
              "RequestTimeout": "00:00:11",
              "AckTimeout": "00:00:03",
              "Retries": 2,
              "Reconnection": true,
              "ReconnectionAttempts": 9,
              "ReconnectionDelay": "00:00:00.250",
              "ReconnectionDelayMax": "00:00:04",
              "RandomizationFactor": 0.25,
              "DangerousAcceptAnyServerCertificate": true,
              "BinaryAsStream": true,
              "ReceiveBufferCapacity": 16,
              "ReceiveBufferMaxBytes": 65536,
              "HandlerQueueMaxBytes": 131072,
              "MaxReceiveSize": 5000000000,
              "SendBufferCapacity": 32,
              "MaxAttachments": 4,
              "EnableCompression": true,
              "CompressionThreshold": 256,
              "MaxFragmentsPerMessage": 1000,
              "SocketCompletions": "threadpool",
              "InlineAckContinuations": true,
              "Proxy": "http://proxy.example.com:3128"
            },
            "News": {
              "ServerUri": "http://news.example.com",
              "Reconnection": false
            }
          }
        }
        """;

    [Test]
    public async Task JsonSection_SetsEveryDataSetting()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Json().GetSection("SocketIo:Chat"));

        var o = await GetOptionsAsync(services, "chat");

        Assert.Multiple(() =>
        {
            Assert.That(o.ServerUri, Is.EqualTo(new Uri("https://chat.example.com/prefix")));
            Assert.That(o.Path, Is.EqualTo("/chat-io"));
            Assert.That(o.Protocol, Is.EqualTo(SocketIoProtocol.V5));
            Assert.That(o.Transports, Is.EqualTo(new[] { "websocket" }), "lists are replaced, not appended to the defaults");
            Assert.That(o.Transport, Is.EqualTo("websocket"));
            Assert.That(o.Upgrade, Is.False);
            Assert.That(o.Auth, Is.EqualTo(new Dictionary<string, string> { ["token"] = "secret" }));
            Assert.That(o.Query, Is.EqualTo(new Dictionary<string, string> { ["room"] = "lobby" }));
            Assert.That(o.ExtraHeaders, Is.EqualTo(new Dictionary<string, string> { ["X-Tenant"] = "blue" }));
            Assert.That(o.UserAgent, Is.EqualTo("worker/1.0"));
            Assert.That(o.Origin, Is.EqualTo("https://app.example.com"));
            Assert.That(o.Referer, Is.EqualTo("https://app.example.com/page"));
            Assert.That(o.AddCorsHeaders, Is.True);
            Assert.That(o.KeepAlive, Is.False);
            Assert.That(o.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(o.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(11)));
            Assert.That(o.AckTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(o.Retries, Is.EqualTo(2));
            Assert.That(o.Reconnection, Is.True);
            Assert.That(o.ReconnectionAttempts, Is.EqualTo(9));
            Assert.That(o.ReconnectionDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
            Assert.That(o.ReconnectionDelayMax, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(o.RandomizationFactor, Is.EqualTo(0.25));
            Assert.That(o.DangerousAcceptAnyServerCertificate, Is.True);
            Assert.That(o.BinaryAsStream, Is.True);
            Assert.That(o.ReceiveBufferCapacity, Is.EqualTo(16));
            Assert.That(o.ReceiveBufferMaxBytes, Is.EqualTo(65536));
            Assert.That(o.HandlerQueueMaxBytes, Is.EqualTo(131072));
            Assert.That(o.MaxReceiveSize, Is.EqualTo(5_000_000_000));
            Assert.That(o.SendBufferCapacity, Is.EqualTo(32));
            Assert.That(o.MaxAttachments, Is.EqualTo(4));
            Assert.That(o.EnableCompression, Is.True);
            Assert.That(o.CompressionThreshold, Is.EqualTo(256));
            Assert.That(o.MaxFragmentsPerMessage, Is.EqualTo(1000));
            Assert.That(o.Proxy, Is.EqualTo(new Uri("http://proxy.example.com:3128")));

            // The flat connection keys land in the one connection model a session is opened with.
            Assert.That(o.Connection.Headers, Is.EqualTo(new Dictionary<string, string> { ["X-Tenant"] = "blue" }));
            Assert.That((o.Connection.UserAgent, o.Connection.Origin, o.Connection.Referer),
                Is.EqualTo(("worker/1.0", "https://app.example.com", "https://app.example.com/page")));
            Assert.That((o.Connection.KeepAlive, o.Connection.DangerousAcceptAnyServerCertificate), Is.EqualTo((false, true)));
            Assert.That(o.Connection.Proxy, Is.EqualTo(new Uri("http://proxy.example.com:3128")));
            Assert.That((o.SocketCompletions, o.Connection.SocketCompletions), Is.EqualTo((SocketCompletionMode.ThreadPool, SocketCompletionMode.ThreadPool)));
            Assert.That(o.InlineAckContinuations, Is.True);
        });
    }

    [Test]
    public async Task AbsentKeys_KeepDefaultsAndEarlierConfiguration()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("news", o => o.UserAgent = "from-code")
            .Bind(Json().GetSection("SocketIo:News"));

        var o = await GetOptionsAsync(services, "news");
        var defaults = new SocketIoClientOptions();

        Assert.That(o.ServerUri, Is.EqualTo(new Uri("http://news.example.com")));
        Assert.That(o.Reconnection, Is.False);
        Assert.That(o.UserAgent, Is.EqualTo("from-code"));
        Assert.That(o.Path, Is.EqualTo(defaults.Path));
        Assert.That(o.Transports, Is.EqualTo(new[] { "polling", "websocket" }), "an absent key keeps the documented default transports");
        Assert.That(o.ConnectTimeout, Is.EqualTo(defaults.ConnectTimeout));
        Assert.That(o.Auth, Is.Null);
    }

    [Test]
    public async Task BindConfiguration_ReadsTheApplicationConfigurationFromTheContainer()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Json());
        services.AddSocketIoClient("chat").BindConfiguration("SocketIo:Chat");
        services.AddSocketIoClient("news").BindConfiguration("SocketIo:News");
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var chat = factory.GetClient("chat");
        var news = factory.GetClient("news");

        Assert.That(chat.ServerUri, Is.EqualTo(new Uri("https://chat.example.com/prefix")));
        Assert.That(chat.Options.Transports, Is.EqualTo(new[] { "websocket" }));
        Assert.That(news.ServerUri, Is.EqualTo(new Uri("http://news.example.com")));
        Assert.That(news.Options.Reconnection, Is.False);
    }

    [Test]
    public async Task CodeAfterBinding_OverridesConfiguration_AndDictionariesMerge()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ExtraHeaders["X-From-Code"] = "1")
            .Bind(Json().GetSection("SocketIo:Chat"))
            .Configure(o => o.Path = "/override");

        var o = await GetOptionsAsync(services, "chat");

        Assert.That(o.Path, Is.EqualTo("/override"));
        Assert.That(o.ExtraHeaders, Is.EquivalentTo(new Dictionary<string, string> { ["X-From-Code"] = "1", ["X-Tenant"] = "blue" }));
    }

    [Test]
    public async Task InMemoryProvider_CommaSeparatedTransportsAndEmptyAckTimeout()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServerUri"] = "ws://127.0.0.1:3000",
            ["Transports"] = "websocket, polling",
            ["AckTimeout"] = "",
            ["Protocol"] = "v4",
        }).Build();
        var services = new ServiceCollection();
        services.AddSocketIoClient("c", o => o.AckTimeout = TimeSpan.FromSeconds(1)).Bind(configuration);

        var o = await GetOptionsAsync(services, "c");

        Assert.That(o.ServerUri, Is.EqualTo(new Uri("ws://127.0.0.1:3000")));
        Assert.That(o.Transports, Is.EqualTo(new[] { "websocket", "polling" }));
        Assert.That(o.AckTimeout, Is.Null, "an empty value clears an optional timeout");
        Assert.That(o.Protocol, Is.EqualTo(SocketIoProtocol.V4));
    }

    private static IConfigurationRoot Json() =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(AppSettings))).Build();

    private static async Task<SocketIoClientOptions> GetOptionsAsync(ServiceCollection services, string name)
    {
        await using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get(name);
    }
}
