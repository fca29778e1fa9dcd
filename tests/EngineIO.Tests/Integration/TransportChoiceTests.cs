using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>Which transport the session ends up on, and what the transports share.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class TransportChoiceTests
{
    [Test]
    public async Task Upgrade_false_stays_on_polling_although_the_server_offers_websocket()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Upgrade = false });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Handshake!.Upgrades, Does.Contain("websocket"));
        await client.SendAsync("round trip");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("round trip"));
        Assert.That(client.TransportName, Is.EqualTo("polling"));
    }

    [Test]
    public async Task A_server_that_allows_no_upgrades_keeps_the_session_on_polling()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000, allowUpgrades = false });
        await using var client = new EngineIoClient(server.HttpUri);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Handshake!.Upgrades, Is.Empty);
        await client.SendAsync("round trip");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("round trip"));
        Assert.That(client.TransportName, Is.EqualTo("polling"));
    }

    [Test]
    public async Task The_cookie_jar_is_shared_by_polling_and_the_upgrade()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000, cookie = true });
        var cookies = new System.Net.CookieContainer();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Connection = { Cookies = cookies } });
        var upgrade = client.WhenUpgradeSettled();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(cookies.GetCookies(server.HttpUri)["io"]?.Value, Is.EqualTo(client.Handshake!.Sid));
        Assert.That((await upgrade.WaitAsync(TestTimeouts.Event)).Exception, Is.Null);
        Assert.That(client.TransportName, Is.EqualTo("websocket"));
        await client.SendAsync("after upgrade");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("after upgrade"));
    }

    [Test]
    public async Task A_websocket_only_client_reaches_an_old_revision_4_server_without_max_payload()
    {
        // socket.io 3.x runs engine.io 4.x: revision 4 without maxPayload, so Auto must look closer.
        var server = await TestServers.GetSharedAsync("sio-v3", new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Path = "/socket.io", Transports = ["websocket"] });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Handshake!.MaxPayload, Is.Null);
        Assert.That(client.Version, Is.EqualTo(EngineIoVersion.V4));
        await client.WhenHeartbeats(2).WaitAsync(TestTimeouts.Event);
        Assert.That(client.IsConnected, Is.True);
    }
}

/// <summary>The built-in transports used directly through the public transport abstraction.</summary>
public sealed class BuiltInTransportTests
{
    [Test]
    public async Task A_refused_websocket_upgrade_carries_the_status_and_the_server_error()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        var context = new Transports.EngineIoTransportContext(server.HttpUri, new EngineIoClientOptions())
        {
            Version = EngineIoVersion.V4,
            SessionId = "no-such-session",
        };
        await using var transport = Transports.EngineIoTransportFactory.Default.CreateTransport("websocket", context)!;

        var error = Assert.ThrowsAsync<EngineIoException>(() => transport.OpenAsync(CancellationToken.None).WaitAsync(TestTimeouts.Event));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.ServerErrorCode, Is.EqualTo(1));
        Assert.That(error.ServerMessage, Is.EqualTo("Session ID unknown"));
        Assert.That(error.Message, Does.Contain("sticky sessions"), "an upgrade that reached another node says why");
    }

    [Test]
    public async Task The_polling_transport_opens_a_session_through_the_abstraction()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        var context = new Transports.EngineIoTransportContext(server.HttpUri, new EngineIoClientOptions());
        await using var transport = Transports.EngineIoTransportFactory.Default.CreateTransport("polling", context)!;

        await transport.OpenAsync(CancellationToken.None);
        var packets = await transport.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(TestTimeouts.Event);

        Assert.That(context.Version, Is.EqualTo(EngineIoVersion.V4), "the polling transport reports the revision it detected");
        Assert.That(packets[0].Type, Is.EqualTo(EngineIoPacketType.Open));
        Assert.That(Transports.EngineIoTransportFactory.Default.CreateTransport("carrier-pigeon", context), Is.Null);
    }
}
