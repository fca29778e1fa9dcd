using Tusk.SocketIO.Legacy;

namespace Tusk.SocketIO.Tests.Legacy;

[TestFixture]
public sealed class LegacyEndpointsTests
{
    [Test]
    public void BuildsTheHandshakeAndTransportUrls()
    {
        var options = new SocketIoClientOptions();
        options.Query["token"] = "a b";
        var endpoints = new LegacyEndpoints(new Uri("http://example.com:8080/?x=1"), options);

        Assert.That(endpoints.Handshake.AbsoluteUri, Is.EqualTo("http://example.com:8080/socket.io/1/?x=1&token=a%20b"));
        Assert.That(endpoints.Polling("s1d").AbsoluteUri, Is.EqualTo("http://example.com:8080/socket.io/1/xhr-polling/s1d?x=1&token=a%20b"));
        Assert.That(endpoints.WebSocket("s1d").AbsoluteUri, Is.EqualTo("ws://example.com:8080/socket.io/1/websocket/s1d?x=1&token=a%20b"));
    }

    [Test]
    public void TheServerPathPrefixesTheResourceAndSecureSchemesCarryOver()
    {
        var endpoints = new LegacyEndpoints(new Uri("wss://example.com/my"), new SocketIoClientOptions { Path = "my.io" });

        Assert.That(endpoints.Resource, Is.EqualTo("/my/my.io"));
        Assert.That(endpoints.Handshake.AbsoluteUri, Is.EqualTo("https://example.com/my/my.io/1/"));
        Assert.That(endpoints.WebSocket("abc").AbsoluteUri, Is.EqualTo("wss://example.com/my/my.io/1/websocket/abc"));
    }

    [Test]
    public void UpgradeMeansWebSocketFirstBecause09CannotUpgrade()
    {
        var offered = new[] { "websocket", "htmlfile", "xhr-polling", "jsonp-polling" };

        Assert.That(LegacyTransportNames.Choose(new SocketIoClientOptions(), offered), Is.EqualTo(new[] { "websocket", "xhr-polling" }));
        Assert.That(LegacyTransportNames.Choose(new SocketIoClientOptions { Upgrade = false }, offered), Is.EqualTo(new[] { "xhr-polling", "websocket" }));
        Assert.That(LegacyTransportNames.Choose(new SocketIoClientOptions { Transport = "polling" }, offered), Is.EqualTo(new[] { "xhr-polling", "websocket" }));
        Assert.That(LegacyTransportNames.Choose(new SocketIoClientOptions { Transports = ["polling"] }, offered), Is.EqualTo(new[] { "xhr-polling" }));
    }

    [Test]
    public void OnlyTransportsTheServerOffersAreTried() =>
        Assert.That(LegacyTransportNames.Choose(new SocketIoClientOptions(), ["xhr-polling", "jsonp-polling"]), Is.EqualTo(new[] { "xhr-polling" }));
}
