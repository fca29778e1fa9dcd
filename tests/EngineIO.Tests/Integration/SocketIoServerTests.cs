using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// Real socket.io 1.x–4.x servers spoken to at the Engine.IO level only: the test writes the few Socket.IO packets it
/// needs by hand (connect, an <c>echo</c> event, a binary event) as Engine.IO messages.
/// </summary>
[TestFixtureSource(nameof(Cases))]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class SocketIoServerTests(string module, EngineIoVersion version, string mode)
{
    private const string BinaryEcho = """51-["echo",{"_placeholder":true,"num":0}]""";

    private static readonly object[] Cases =
    [
        new object[] { "sio-v1", EngineIoVersion.V3, "polling" },
        new object[] { "sio-v1", EngineIoVersion.V3, "websocket" },
        new object[] { "sio-v1", EngineIoVersion.V3, "upgrade" },
        new object[] { "sio-v2", EngineIoVersion.V3, "polling" },
        new object[] { "sio-v2", EngineIoVersion.V3, "websocket" },
        new object[] { "sio-v2", EngineIoVersion.V3, "upgrade" },
        new object[] { "sio-v3", EngineIoVersion.V4, "polling" },
        new object[] { "sio-v3", EngineIoVersion.V4, "websocket" },
        new object[] { "sio-v3", EngineIoVersion.V4, "upgrade" },
        new object[] { "sio-v4", EngineIoVersion.V4, "polling" },
        new object[] { "sio-v4", EngineIoVersion.V4, "websocket" },
        new object[] { "sio-v4", EngineIoVersion.V4, "upgrade" },
    ];

    private bool ServerConnectsImplicitly => version == EngineIoVersion.V3;

    private async Task<EngineIoClient> ConnectAsync(int pingInterval = 300)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval, pingTimeout = 2000 });
        var options = new EngineIoClientOptions
        {
            Path = "/socket.io",
            Transports = mode switch
            {
                "polling" => ["polling"],
                "websocket" => ["websocket"],
                _ => ["polling", "websocket"],
            },
        };
        var client = new EngineIoClient(server.HttpUri, options);
        var upgradeSettled = client.WhenUpgradeSettled();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        if (mode == "upgrade")
        {
            Assert.That((await upgradeSettled.WaitAsync(TestTimeouts.Event)).Exception, Is.Null, "the upgrade failed");
        }

        // Join the default namespace: socket.io 1.x/2.x do it on their own, 3.x/4.x wait for the client's CONNECT.
        if (!ServerConnectsImplicitly)
        {
            await client.SendAsync("0");
        }

        Assert.That(await client.ReceiveTextAsync(), Does.StartWith("0"));
        return client;
    }

    [Test]
    public async Task Handshake_detects_the_revision()
    {
        await using var client = await ConnectAsync();

        Assert.That(client.Version, Is.EqualTo(version));
        Assert.That(client.Handshake!.PingInterval, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
        Assert.That(client.TransportName, Is.EqualTo(mode == "polling" ? "polling" : "websocket"));
    }

    [Test]
    public async Task Text_events_with_multibyte_characters_echo()
    {
        await using var client = await ConnectAsync();

        const string Event = """2["echo","héllo 😀 €","plain"]""";
        await client.SendAsync(Event);

        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo(Event));
    }

    [Test]
    public async Task Binary_attachments_echo()
    {
        await using var client = await ConnectAsync();
        byte[] attachment = [1, 2, 3, 0, 255];

        await client.SendAsync(BinaryEcho);
        await client.SendAsync(attachment);

        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo(BinaryEcho));
        Assert.That(await client.ReceiveBinaryAsync(), Is.EqualTo(attachment));
    }

    [Test]
    public async Task Heartbeats_keep_an_idle_session_alive()
    {
        // A server of its own with 100 ms heartbeats: three take 0.3 s instead of 0.9 s (this fixture's tests run one at a time).
        await using var client = await ConnectAsync(pingInterval: 100);
        var closed = client.WhenClosed();

        // Three heartbeats, each needing the last answered: a revision 4 server pings again only once the pong to its
        // previous ping arrived, and a revision 3 server pongs only the pings it received. Their timing is the clock
        // tests' subject (Session/HeartbeatClockTests); here the real server accepts them.
        await client.WhenHeartbeats(3).WaitAsync(TestTimeouts.Event);

        Assert.That(closed.IsCompleted, Is.False);
        await client.SendAsync("""2["echo","awake"]""");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("""2["echo","awake"]"""));
    }
}
