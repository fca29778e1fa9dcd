using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tusk.SocketIO;
using Tusk.Testing;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class RegistrationTests
{
    private static readonly Uri Server = new("http://127.0.0.1:1");

    [Test]
    public void AddSocketIoClient_ReturnsBuilderWithNameAndServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddSocketIoClient("chat", o => o.ServerUri = Server);

        Assert.That(builder.Name, Is.EqualTo("chat"));
        Assert.That(builder.Services, Is.SameAs(services));
    }

    [Test]
    public async Task Configure_CallsChainOntoTheSameNamedOptions()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = Server)
            .Configure(o => o.Path = "/chat")
            .Configure((provider, o) => o.UserAgent = provider.GetRequiredService<Marker>().Value);
        services.AddSocketIoClient("chat", o => o.Retries = 3);
        services.AddSingleton(new Marker("from-services"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get("chat");

        Assert.That(options.ServerUri, Is.EqualTo(Server));
        Assert.That(options.Path, Is.EqualTo("/chat"));
        Assert.That(options.UserAgent, Is.EqualTo("from-services"));
        Assert.That(options.Retries, Is.EqualTo(3));
    }

    [Test]
    public async Task AddSocketIoClient_WithServiceProvider_ConfiguresFromServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Marker("http://127.0.0.1:7"));
        services.AddSocketIoClient("chat", (provider, o) => o.ServerUri = new Uri(provider.GetRequiredService<Marker>().Value));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");

        Assert.That(client.ServerUri, Is.EqualTo(new Uri("http://127.0.0.1:7")));
    }

    [Test]
    public async Task A_TimeProvider_registered_in_the_container_is_the_clients_clock_unless_the_options_set_one()
    {
        var services = new ServiceCollection();
        var containerClock = new FakeClock();
        var ownClock = new FakeClock();
        services.AddSingleton<TimeProvider>(containerClock);
        services.AddSocketIoClient("chat", o => o.ServerUri = Server);
        services.AddSocketIoClient("own", o =>
        {
            o.ServerUri = Server;
            o.TimeProvider = ownClock;
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        Assert.That(factory.GetClient("chat").Options.TimeProvider, Is.SameAs(containerClock));
        Assert.That(factory.GetClient("own").Options.TimeProvider, Is.SameAs(ownClock));
    }

    [Test]
    public async Task Without_a_TimeProvider_in_the_container_the_client_keeps_the_system_clock()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = Server);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");

        Assert.That(client.Options.TimeProvider, Is.SameAs(TimeProvider.System));
    }

    [Test]
    public async Task GetClient_ReturnsOneSharedClientPerName()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("a", o => o.ServerUri = Server);
        services.AddSocketIoClient("b", o => o.ServerUri = new Uri("http://127.0.0.1:2"));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var a1 = factory.GetClient("a");
        var a2 = factory.GetClient("a");
        var b = factory.GetClient("b");

        Assert.That(a2, Is.SameAs(a1));
        Assert.That(b, Is.Not.SameAs(a1));
        Assert.That(a1.ServerUri, Is.EqualTo(Server));
        Assert.That(b.ServerUri, Is.EqualTo(new Uri("http://127.0.0.1:2")));
        Assert.That(provider.GetRequiredService<ISocketIoClientFactory>(), Is.SameAs(factory));
    }

    [Test]
    public async Task KeyedService_IsTheFactorysClient()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("a", o => o.ServerUri = Server);
        services.AddSocketIoClient("b", o => o.ServerUri = new Uri("http://127.0.0.1:2"));
        services.AddSingleton<KeyedConsumer>();
        var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var consumer = provider.GetRequiredService<KeyedConsumer>();

        Assert.That(consumer.A, Is.SameAs(factory.GetClient("a")));
        Assert.That(provider.GetRequiredKeyedService<SocketIoClient>("b"), Is.SameAs(factory.GetClient("b")));
        Assert.That(async () => await provider.DisposeAsync(), Throws.Nothing, "the container and the factory both dispose the client");
    }

    [Test]
    public async Task GetClient_FromManyThreadsAtOnce_CreatesOneClient()
    {
        var services = new ServiceCollection();
        var created = 0;
        services.AddSocketIoClient("a", o => o.ServerUri = Server).ConfigureClient(_ => Interlocked.Increment(ref created));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return factory.GetClient("a");
        })).ToList();

        start.SetResult();
        var clients = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(clients.Distinct().Count(), Is.EqualTo(1));
        Assert.That(created, Is.EqualTo(1));
    }

    [Test]
    public async Task GetClient_UnknownName_SaysHowToRegisterIt()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("a", o => o.ServerUri = Server);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISocketIoClientFactory>().GetClient("missing"));

        Assert.That(error!.Message, Does.Contain("'missing'").And.Contain("AddSocketIoClient"));
    }

    [Test]
    public async Task GetClient_SetsLoggerFactoryAndPollingHttpClientFromTheContainer()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSocketIoClient("a", o => o.ServerUri = Server)
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add("X-Test", "yes"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("a");

        Assert.That(client.Options.LoggerFactory, Is.SameAs(provider.GetRequiredService<ILoggerFactory>()));
        Assert.That(client.Options.HttpClient, Is.Not.Null);
        Assert.That(client.Options.HttpClient!.DefaultRequestHeaders.GetValues("X-Test"), Is.EqualTo(new[] { "yes" }));
        Assert.That(client.Options.HttpClient.Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
    }

    [Test]
    public async Task PollingPrimaryHandler_AppliesTheClientsTlsSettingsAndLeavesCookiesToTheClient()
    {
        var services = new ServiceCollection();
        var certificates = new System.Security.Cryptography.X509Certificates.X509CertificateCollection();
        services.AddSocketIoClient("lenient", o =>
        {
            o.ServerUri = Server;
            o.DangerousAcceptAnyServerCertificate = true;
            o.ClientCertificates = certificates;
            o.RequestTimeout = TimeSpan.FromSeconds(12);
        });
        services.AddSocketIoClient("strict", o => o.ServerUri = Server);
        await using var provider = services.BuildServiceProvider();
        var handlers = provider.GetRequiredService<IHttpMessageHandlerFactory>();

        var lenient = PrimaryHandler(handlers.CreateHandler("Tusk.SocketIO.lenient"));
        var strict = PrimaryHandler(handlers.CreateHandler("Tusk.SocketIO.strict"));

        Assert.That(lenient.UseCookies, Is.False);
        Assert.That(lenient.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(lenient.SslOptions.RemoteCertificateValidationCallback, Is.Not.Null);
        Assert.That(lenient.SslOptions.RemoteCertificateValidationCallback!(this, null, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors), Is.True);
        Assert.That(lenient.SslOptions.ClientCertificates, Is.SameAs(certificates));
        Assert.That(strict.UseCookies, Is.False);
        Assert.That(strict.SslOptions.RemoteCertificateValidationCallback, Is.Null, "the system validates certificates unless told otherwise");
    }

    private static SocketsHttpHandler PrimaryHandler(HttpMessageHandler handler)
    {
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        return (SocketsHttpHandler)handler;
    }

    [Test]
    public async Task GetClient_KeepsAHandlerOrLoggerTheUserSet()
    {
        var services = new ServiceCollection();
        using var handler = new HttpClientHandler();
        using var loggerFactory = LoggerFactory.Create(_ => { });
        services.AddSocketIoClient("a", o =>
        {
            o.ServerUri = Server;
            o.HttpMessageHandler = handler;
            o.LoggerFactory = loggerFactory;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("a");

        Assert.That(client.Options.HttpClient, Is.Null);
        Assert.That(client.Options.HttpMessageHandler, Is.SameAs(handler));
        Assert.That(client.Options.LoggerFactory, Is.SameAs(loggerFactory));
    }

    [Test]
    public async Task ConfigureClient_RunsOnceOnTheNewClientWithTheServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Marker("m"));
        var seen = new List<(SocketIoClient Client, string Marker)>();
        services.AddSocketIoClient("a", o => o.ServerUri = Server)
            .ConfigureClient((provider, client) => seen.Add((client, provider.GetRequiredService<Marker>().Value)));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var client = factory.GetClient("a");
        factory.GetClient("a");

        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.That(seen[0].Client, Is.SameAs(client));
        Assert.That(seen[0].Marker, Is.EqualTo("m"));
    }

    [Test]
    public async Task ConfigureClient_Throwing_IsReportedAndTheNextCallTriesAgain()
    {
        var services = new ServiceCollection();
        var calls = 0;
        services.AddSocketIoClient("a", o => o.ServerUri = Server).ConfigureClient(_ =>
        {
            if (++calls == 1)
            {
                throw new InvalidOperationException("handler setup failed");
            }
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var error = Assert.Throws<InvalidOperationException>(() => factory.GetClient("a"));
        var client = factory.GetClient("a");

        Assert.That(error!.Message, Is.EqualTo("handler setup failed"));
        Assert.That(client, Is.SameAs(factory.GetClient("a")));
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task AddTypedClient_ReceivesTheNamedSocketAndOtherServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Marker("m"));
        services.AddSocketIoClient("chat", o => o.ServerUri = Server).AddTypedClient<ChatClient>();
        services.AddSocketIoClient("news", o => o.ServerUri = new Uri("http://127.0.0.1:2")).AddTypedClient<INewsClient, NewsClient>();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var chat = provider.GetRequiredService<ChatClient>();
        var news = provider.GetRequiredService<INewsClient>();

        Assert.That(chat.Socket, Is.SameAs(factory.GetClient("chat")));
        Assert.That(chat.Marker.Value, Is.EqualTo("m"));
        Assert.That(news.Socket, Is.SameAs(factory.GetClient("news")));
        Assert.That(provider.GetRequiredService<ChatClient>(), Is.SameAs(chat), "typed clients are singletons");
    }

    [Test]
    public async Task AddTypedClient_WithADelegate()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = Server)
            .AddTypedClient((socket, provider) => new ChatClient(socket, new Marker("made")));
        await using var provider = services.BuildServiceProvider();

        var chat = provider.GetRequiredService<ChatClient>();

        Assert.That(chat.Socket, Is.SameAs(provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat")));
        Assert.That(chat.Marker.Value, Is.EqualTo("made"));
    }

    [Test]
    public void BuilderMethods_RejectNullArguments()
    {
        var builder = new ServiceCollection().AddSocketIoClient("a");

        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddSocketIoClient(null!));
        Assert.Throws<ArgumentNullException>(() => builder.Configure((Action<SocketIoClientOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.BindConfiguration(null!));
        Assert.Throws<ArgumentNullException>(() => builder.ConfigureClient((Action<SocketIoClient>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.ConfigureHttpClientBuilder(null!));
        Assert.Throws<ArgumentException>(() => builder.AddTransport(" ", _ => throw new InvalidOperationException()));
    }

    public sealed record Marker(string Value);

    public sealed class KeyedConsumer([FromKeyedServices("a")] SocketIoClient a)
    {
        public SocketIoClient A { get; } = a;
    }

    public sealed class ChatClient(SocketIoClient socket, Marker marker)
    {
        public SocketIoClient Socket { get; } = socket;

        public Marker Marker { get; } = marker;
    }

    public interface INewsClient
    {
        SocketIoClient Socket { get; }
    }

    public sealed class NewsClient(SocketIoClient socket) : INewsClient
    {
        public SocketIoClient Socket { get; } = socket;
    }
}
