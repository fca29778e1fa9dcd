using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TransportScenarioTests
{
    private static readonly object ShortPing = new { pingInterval = 250, pingTimeout = 1000 };

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task KeepAlive_SurvivesIdlenessPastSeveralPingIntervals(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(ShortPing));
        var socket = client.Of("/keep-alive");
        var disconnected = 0;
        socket.Disconnected += (_, _) => Interlocked.Increment(ref disconnected);
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        await socket.EmitAsync("message", new { message = "A message" });
        Assert.That(await socket.WaitAsync("message", SioTarget.Timeout), Is.Not.Null);

        // Elephant.io's drain loop: nothing arrives for three ping intervals, heartbeats keep the session alive (a
        // revision 4 server pings again only after the pong to its last ping; a revision 3 one pongs each client ping).
        var idle = await socket.DrainAsync(TimeSpan.FromMilliseconds(750));
        await socket.EmitAsync("message", new { message = "Last message" });
        var last = await socket.WaitAsync("message", SioTarget.Timeout);

        Assert.That(idle, Is.Empty);
        Assert.That(last?.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
        Assert.That(Volatile.Read(ref disconnected), Is.Zero);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Polling_NonAsciiTextRoundTrips(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Transports = ["polling"]);
        var socket = client.Of("/polling");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        string[] messages = ["This is first message", "Das höchste Gut und Uebel", "😀 emoji, ñ, 中文"];
        var replies = new List<string?>();
        foreach (var message in messages)
        {
            await socket.EmitAsync("message", new { message });
            var reply = await socket.WaitAsync("message", SioTarget.Timeout);
            replies.Add(reply?.GetJson(0).GetProperty("message").GetString());
        }

        Assert.That(replies, Is.EqualTo(messages));
        Assert.That(client.TransportName, Is.EqualTo("polling"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task CustomPath_WithUrlPrefix_Connects(SioTarget target)
    {
        var server = await target.ServerAsync(new { path = "/my/my.io" });
        await using var client = new SocketIoClient(new Uri(server.HttpUri, "/my"), target.Options(o => o.Path = "my.io"));
        var socket = client.Of("/basic");

        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var hello = await socket.WaitAsync("hello", SioTarget.Timeout);

        Assert.That(hello, Is.Not.Null);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Namespaces_AreMultiplexedOverOneSession(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var admin = client.Of("admin");
        var ack = client.Of("/ack");

        await Task.WhenAll(client.ConnectAsync(), admin.ConnectAsync(), ack.ConnectAsync()).WaitAsync(SioTarget.Timeout);
        var engineId = client.EngineId;
        var results = await Task.WhenAll(
            client.EmitWithAckAsync<string>("ack-echo", "root"),
            admin.EmitWithAckAsync<string>("ack-echo", "admin"),
            ack.EmitWithAckAsync<string>("test-send-ack")).WaitAsync(SioTarget.Timeout);

        Assert.That(results, Is.EqualTo(new[] { "root", "admin", "+ack" }));
        Assert.That(client.Of("/admin"), Is.SameAs(admin));
        Assert.That(client.Of("/"), Is.SameAs(client));
        Assert.That(client.EngineId, Is.EqualTo(engineId).And.Not.Null);
        Assert.That(admin.Id, Is.Not.EqualTo(client.Id));
        if (target.Version <= 2)
        {
            Assert.That(admin.Id, Is.EqualTo("/admin#" + engineId));
        }
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task SocketIds_AreWhatTheServerReportsAsSocketId(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var admin = client.Of("/admin");
        await Task.WhenAll(client.ConnectAsync(), admin.ConnectAsync()).WaitAsync(SioTarget.Timeout);

        var rootSeen = await client.EmitWithAckAsync<string>("whoami").WaitAsync(SioTarget.Timeout);
        var adminSeen = await admin.EmitWithAckAsync<string>("whoami").WaitAsync(SioTarget.Timeout);

        Assert.That(client.Id, Is.EqualTo(rootSeen).And.Not.Null);
        Assert.That(admin.Id, Is.EqualTo(adminSeen).And.Not.Null);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task LeavingOneNamespace_KeepsTheOthers(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var admin = client.Of("/admin");
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        await admin.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await admin.DisconnectAsync().WaitAsync(SioTarget.Timeout);
        var echoed = await client.EmitWithAckAsync<string>("ack-echo", "still here").WaitAsync(SioTarget.Timeout);

        Assert.That(admin.IsConnected, Is.False);
        Assert.That(echoed, Is.EqualTo("still here"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task InitialTransportWebSocket_ConnectsWithoutPolling(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Transports = ["polling", "websocket"];
            o.Transport = "websocket";
        });

        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);

        Assert.That(client.TransportName, Is.EqualTo("websocket"));
        Assert.That(await client.EmitWithAckAsync<string>("ack-echo", "ws").WaitAsync(SioTarget.Timeout), Is.EqualTo("ws"));
    }
}
