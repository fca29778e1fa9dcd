using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// Checks, with raw polling packets, that every socket.io server module offers the baseline the other tests build on:
/// an <c>echo</c> event, an <c>ack-echo</c> acknowledgement and the <c>/admin</c> namespace.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class BaselineHandlerTests
{
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public void CreateClient() => _http = LoopbackHttp.CreateClient();

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    [TestCase("sio-v3")]
    [TestCase("sio-v4")]
    public async Task SocketIOv5_EchoAckAndAdminNamespace(string module)
    {
        var server = await TestServers.GetSharedAsync(module);
        var session = await RawPollingSession.OpenEngineIoAsync(_http, server, revision: 4);

        await session.SendAsync("40");
        Assert.That(await session.ReceiveAsync("40"), Does.StartWith("40{\"sid\":"));

        await session.SendAsync("42[\"echo\",\"hi\",1,{\"a\":true}]");
        Assert.That(await session.ReceiveAsync("42"), Is.EqualTo("42[\"echo\",\"hi\",1,{\"a\":true}]"));

        await session.SendAsync("427[\"ack-echo\",\"x\",2]");
        Assert.That(await session.ReceiveAsync("43"), Is.EqualTo("437[\"x\",2]"));

        await session.SendAsync("40/admin,");
        Assert.That(await session.ReceiveAsync("40/admin,"), Does.StartWith("40/admin,{\"sid\":"));

        await session.SendAsync("42/admin,[\"echo\",\"from admin\"]");
        Assert.That(await session.ReceiveAsync("42/admin,"), Is.EqualTo("42/admin,[\"echo\",\"from admin\"]"));
    }

    [TestCase("sio-v1", "&b64=1")]
    [TestCase("sio-v2", "")]
    public async Task SocketIOv4_EchoAckAndAdminNamespace(string module, string extraQuery)
    {
        var server = await TestServers.GetSharedAsync(module);
        var session = await RawPollingSession.OpenEngineIoAsync(_http, server, revision: 3, extraQuery);

        // Socket.IO v4 servers join the default namespace on their own.
        Assert.That(await session.ReceiveAsync("40"), Is.EqualTo("40"));

        await session.SendAsync("42[\"echo\",\"hi\",1]");
        Assert.That(await session.ReceiveAsync("42"), Is.EqualTo("42[\"echo\",\"hi\",1]"));

        await session.SendAsync("427[\"ack-echo\",\"x\",2]");
        Assert.That(await session.ReceiveAsync("43"), Is.EqualTo("437[\"x\",2]"));

        await session.SendAsync("40/admin");
        Assert.That(await session.ReceiveAsync("40/admin"), Does.StartWith("40/admin"));

        await session.SendAsync("42/admin,[\"echo\",\"from admin\"]");
        Assert.That(await session.ReceiveAsync("42/admin,"), Is.EqualTo("42/admin,[\"echo\",\"from admin\"]"));
    }

    [Test]
    public async Task SocketIO09_EchoAckAndAdminEndpoint()
    {
        var server = await TestServers.GetSharedAsync("sio-v0");
        var session = await RawPollingSession.OpenSocketIO09Async(_http, server);

        Assert.That(await session.ReceiveAsync("1::"), Is.EqualTo("1::"));

        await session.SendAsync("5:::{\"name\":\"echo\",\"args\":[\"hi\",1]}");
        Assert.That(await session.ReceiveAsync("5:"), Is.EqualTo("5:::{\"name\":\"echo\",\"args\":[\"hi\",1]}"));

        await session.SendAsync("5:3+::{\"name\":\"ack-echo\",\"args\":[\"x\",2]}");
        Assert.That(await session.ReceiveAsync("6:"), Is.EqualTo("6:::3+[\"x\",2]"));

        await session.SendAsync("1::/admin");
        Assert.That(await session.ReceiveAsync("1::/admin"), Is.EqualTo("1::/admin"));

        await session.SendAsync("5::/admin:{\"name\":\"echo\",\"args\":[\"from admin\"]}");
        Assert.That(await session.ReceiveAsync("5::/admin"), Is.EqualTo("5::/admin:{\"name\":\"echo\",\"args\":[\"from admin\"]}"));
    }
}
