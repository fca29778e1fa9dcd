using Tusk.SocketIO.Legacy;

namespace Tusk.SocketIO.Tests.Legacy;

[TestFixture]
public sealed class LegacyHandshakeTests
{
    [Test]
    public void ParsesSessionTimeoutsAndTransports()
    {
        var handshake = LegacyHandshake.Parse("4d4f185e96a7b:60:25:websocket,htmlfile,xhr-polling,jsonp-polling");

        Assert.That(handshake.SessionId, Is.EqualTo("4d4f185e96a7b"));
        Assert.That(handshake.HeartbeatTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(handshake.CloseTimeout, Is.EqualTo(TimeSpan.FromSeconds(25)));
        Assert.That(handshake.Transports, Is.EqualTo(new[] { "websocket", "htmlfile", "xhr-polling", "jsonp-polling" }));
    }

    [Test]
    public void AnEmptyHeartbeatFieldMeansNoHeartbeats()
    {
        var handshake = LegacyHandshake.Parse("abc::60:xhr-polling");

        Assert.That(handshake.HeartbeatTimeout, Is.Null);
        Assert.That(handshake.CloseTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void AcceptsFractionalSeconds() => Assert.That(LegacyHandshake.Parse("a-b_c:1.5:2:websocket").HeartbeatTimeout, Is.EqualTo(TimeSpan.FromSeconds(1.5)));

    [TestCase("Welcome to socket.io.")]
    [TestCase("0{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}")]
    [TestCase("abc:60:60")]
    [TestCase(":60:60:websocket")]
    [TestCase("abc:x:60:websocket")]
    [TestCase("abc:-1:60:websocket")]
    public void RejectsAnswersThatAreNotA09Handshake(string body) =>
        Assert.That(() => LegacyHandshake.Parse(body), Throws.TypeOf<SocketIoProtocolException>());
}
