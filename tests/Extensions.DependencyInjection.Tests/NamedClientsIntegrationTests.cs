using Microsoft.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NamedClientsIntegrationTests
{
    [Test]
    public async Task TwoNamedClientsWithDifferentOptions_EachReachesItsServer()
    {
        var defaultServer = await Servers.DefaultAsync();
        var altServer = await Servers.AltPathAsync();
        var services = new ServiceCollection();
        services.AddSocketIoClient("main", o => Servers.PollingOnly(o, defaultServer));
        services.AddSocketIoClient("alt", o =>
        {
            Servers.PollingOnly(o, altServer);
            o.Path = Servers.AltPath;
            o.Transports = ["websocket"];
            o.AckTimeout = TimeSpan.FromSeconds(15);
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();
        var main = factory.GetClient("main");
        var alt = factory.GetClient("alt");

        await Task.WhenAll(main.ConnectAsync(), alt.ConnectAsync()).WaitAsync(Servers.Timeout);
        var mainReply = await main.EmitWithAckAsync<string>("ack-echo", "to main").WaitAsync(Servers.Timeout);
        var altReply = await alt.EmitWithAckAsync<string>("ack-echo", "to alt").WaitAsync(Servers.Timeout);

        Assert.That(mainReply, Is.EqualTo("to main"));
        Assert.That(altReply, Is.EqualTo("to alt"));
        Assert.That(main.EngineId, Is.Not.Null.And.Not.EqualTo(alt.EngineId));
        Assert.That(main.Options.Path, Is.EqualTo("/socket.io"));
        Assert.That(alt.Options.Path, Is.EqualTo(Servers.AltPath));
        Assert.That(main.TransportName, Is.EqualTo("polling"));
        Assert.That(alt.TransportName, Is.EqualTo("websocket"));
    }

    [Test]
    public async Task ClientWithTheWrongPath_DoesNotReachTheServer()
    {
        var altServer = await Servers.AltPathAsync();
        var services = new ServiceCollection();
        services.AddSocketIoClient("wrong", o =>
        {
            Servers.PollingOnly(o, altServer);
            o.Reconnection = false;
            o.ConnectTimeout = TimeSpan.FromMilliseconds(500); // the server never answers an unknown path, so this bounds the test
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("wrong");

        Assert.That(async () => await client.ConnectAsync().WaitAsync(Servers.Timeout), Throws.InstanceOf<SocketIoException>());
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task Polling_GoesThroughTheNamedHttpClientAndItsHandlers()
    {
        var server = await Servers.DefaultAsync();
        var counter = new RequestCounter();
        var services = new ServiceCollection();
        services.AddSocketIoClient("counted", o => Servers.PollingOnly(o, server))
            .ConfigureHttpClientBuilder(http => http.AddHttpMessageHandler(() => new CountingHandler(counter)));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("counted");

        await client.ConnectAsync().WaitAsync(Servers.Timeout);
        var reply = await client.EmitWithAckAsync<string>("ack-echo", "counted").WaitAsync(Servers.Timeout);

        Assert.That(reply, Is.EqualTo("counted"));
        Assert.That(counter.Gets, Is.GreaterThan(0));
        Assert.That(counter.Posts, Is.GreaterThan(0));
        Assert.That(counter.Paths, Is.All.StartsWith("/socket.io/"));
    }

    private sealed class RequestCounter
    {
        private int _gets;
        private int _posts;

        public int Gets => Volatile.Read(ref _gets);

        public int Posts => Volatile.Read(ref _posts);

        public System.Collections.Concurrent.ConcurrentBag<string> Paths { get; } = [];

        public void Count(HttpRequestMessage request)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            if (request.Method == HttpMethod.Get)
            {
                Interlocked.Increment(ref _gets);
            }
            else if (request.Method == HttpMethod.Post)
            {
                Interlocked.Increment(ref _posts);
            }
        }
    }

    private sealed class CountingHandler(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Count(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
