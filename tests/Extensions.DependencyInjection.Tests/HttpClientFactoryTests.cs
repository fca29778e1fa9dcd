using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>
/// How the named clients get their polling <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, checked
/// against a mocked factory: the seam is the container's, and nothing here goes on the wire.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HttpClientFactoryTests
{
    private static readonly Uri Server = new("http://127.0.0.1:1");

    [Test]
    public async Task Each_client_asks_the_factory_once_for_its_own_named_HttpClient_unless_its_options_bring_one()
    {
        using var chatHttp = new HttpClient();
        using var newsHttp = new HttpClient();
        using var ownHttp = new HttpClient();
        var http = new Mock<IHttpClientFactory>(MockBehavior.Strict);
        http.Setup(f => f.CreateClient("Tusk.SocketIO.chat")).Returns(chatHttp);
        http.Setup(f => f.CreateClient("Tusk.SocketIO.news")).Returns(newsHttp);
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = Server);
        services.AddSocketIoClient("news", o => o.ServerUri = Server);
        services.AddSocketIoClient("own", o =>
        {
            o.ServerUri = Server;
            o.HttpClient = ownHttp;
        });
        services.AddSingleton(http.Object);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        var chat = factory.GetClient("chat");
        var chatAgain = factory.GetClient("chat");
        var news = factory.GetClient("news");
        var own = factory.GetClient("own");

        Assert.That(chatAgain, Is.SameAs(chat));
        Assert.That(chat.Options.HttpClient, Is.SameAs(chatHttp));
        Assert.That(news.Options.HttpClient, Is.SameAs(newsHttp));
        Assert.That(own.Options.HttpClient, Is.SameAs(ownHttp));
        http.Verify(f => f.CreateClient("Tusk.SocketIO.chat"), Times.Once);
        http.Verify(f => f.CreateClient("Tusk.SocketIO.news"), Times.Once);
        http.VerifyNoOtherCalls();
    }

    [Test]
    public async Task A_client_with_its_own_HttpMessageHandler_does_not_ask_the_factory()
    {
        using var handler = new HttpClientHandler();
        var http = new Mock<IHttpClientFactory>(MockBehavior.Strict);
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = Server;
            o.HttpMessageHandler = handler;
        });
        services.AddSingleton(http.Object);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");

        Assert.That(client.Options.HttpClient, Is.Null);
        Assert.That(client.Options.HttpMessageHandler, Is.SameAs(handler));
        http.VerifyNoOtherCalls();
    }
}
