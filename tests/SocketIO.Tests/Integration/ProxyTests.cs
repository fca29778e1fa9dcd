using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// <see cref="SocketIoClientOptions.Proxy"/> against a real proxy (module <c>http-proxy</c>) that requires Basic
/// credentials: polling goes through it as forwarded requests, the WebSocket through a CONNECT tunnel, and an upgrade
/// uses both.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyTests
{
    public static IEnumerable<SioTarget> Targets =>
        from version in new[] { 2, 4 } from transport in new[] { "polling", "websocket", "upgrade" } select new SioTarget(version, transport);

    [TestCaseSource(nameof(Targets))]
    public async Task BothTransports_GoThroughTheProxy(SioTarget target)
    {
        await using var proxy = await RecordingProxy.StartAsync();
        var server = await target.ServerAsync();
        await using var client = target.Client(server, o => o.Proxy = proxy.Uri);
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        if (target.Transport == "upgrade")
        {
            await WaitForWebSocketAsync(client);
        }

        var ack = await client.EmitWithAckAsync("ack-echo", "through the proxy").WaitAsync(SioTarget.Timeout);
        var log = await proxy.LogAsync();

        Assert.That(ack.GetValue<string>(), Is.EqualTo("through the proxy"));
        var polled = log.ForwardedUrls.Count(u => u.StartsWith(server.HttpUri.ToString(), StringComparison.Ordinal) && u.Contains("transport=polling", StringComparison.Ordinal));
        var tunnels = log.Tunnels.Count(t => t.GetProperty("target").GetString() == $"127.0.0.1:{server.Port}");
        // WebSocket-first to an engine.io 3 server: Auto tells the revision from one side polling handshake, then closes
        // that side session with one POST (both through the proxy too).
        NUnit.Framework.Constraints.IResolveConstraint expectedPolls = target.Transport != "websocket" ? Is.GreaterThan(0) : target.Version < 3 ? Is.EqualTo(2) : Is.Zero;
        Assert.That(polled, expectedPolls, log.ToString());
        Assert.That(tunnels, target.Transport == "polling" ? Is.Zero : Is.EqualTo(1), log.ToString());
        Assert.That(client.TransportName, Is.EqualTo(target.Transport == "polling" ? "polling" : "websocket"));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task WrongCredentials_FailTheConnect_WithoutShowingThePassword(string transport)
    {
        await using var proxy = await RecordingProxy.StartAsync();
        var target = new SioTarget(4, transport);
        var wrong = new UriBuilder(proxy.Address) { UserName = RecordingProxy.User, Password = "wr0ng-passw0rd" }.Uri;
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Proxy = wrong;
            o.Reconnection = false;
        });

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));
        var log = await proxy.LogAsync();

        Assert.That(log.Refused, Is.GreaterThan(0), "the proxy saw the attempt and refused it");
        Assert.That(exception!.ToString(), Does.Not.Contain("wr0ng-passw0rd"));
        Assert.That(exception.ToString(), Does.Contain("407"));
    }

    [Test]
    public async Task SocketIo09_GoesThroughTheProxyToo()
    {
        await using var proxy = await RecordingProxy.StartAsync();
        var server = await TestServers.GetSharedAsync("sio-v0");
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Protocol = SocketIoProtocol.V0_9, Proxy = proxy.Uri, Reconnection = false });

        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var ack = await client.EmitWithAckAsync("ack-echo", "0.9").WaitAsync(SioTarget.Timeout);
        var log = await proxy.LogAsync();

        Assert.That(ack.GetValue<string>(), Is.EqualTo("0.9"));
        Assert.That(log.ForwardedUrls, Has.Some.Contains("/socket.io/1/"), "the 0.9 handshake went through the proxy");
        Assert.That(log.Tunnels, Has.Count.EqualTo(1), "and so did its WebSocket");
    }

    /// <summary>Waits (bounded) until the upgrade to WebSocket is done; each round trip gives it time to finish.</summary>
    internal static async Task WaitForWebSocketAsync(SocketIoClient client)
    {
        using var timeout = new CancellationTokenSource(SioTarget.Timeout);
        while (client.TransportName != "websocket")
        {
            await client.EmitWithAckAsync("ack-echo", ["wait"], timeout.Token);
        }
    }
}
