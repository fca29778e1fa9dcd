using System.Text;
using System.Text.Json;
using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>A plain npm engine.io server (6.x: revision 4, 3.x: revision 3), no Socket.IO, over each transport mode.</summary>
[TestFixtureSource(nameof(Cases))]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class EngineIoServerTests(string module, EngineIoVersion version, string mode)
{
    private static readonly object[] Cases =
    [
        new object[] { "engineio", EngineIoVersion.V4, "polling" },
        new object[] { "engineio", EngineIoVersion.V4, "websocket" },
        new object[] { "engineio", EngineIoVersion.V4, "upgrade" },
        new object[] { "engineio-v3", EngineIoVersion.V3, "polling" },
        new object[] { "engineio-v3", EngineIoVersion.V3, "websocket" },
        new object[] { "engineio-v3", EngineIoVersion.V3, "upgrade" },
    ];

    private static readonly object FastHeartbeat = new { pingInterval = 300, pingTimeout = 2000 };

    // For the heartbeat test alone: three heartbeats take 0.3 s instead of 0.9 s (this fixture's tests run one at a time).
    private static readonly object FasterHeartbeat = new { pingInterval = 100, pingTimeout = 2000 };

    private EngineIoClientOptions Options(EngineIoVersion requested = EngineIoVersion.Auto) => new()
    {
        Version = requested,
        Transports = mode switch
        {
            "polling" => ["polling"],
            "websocket" => ["websocket"],
            _ => ["polling", "websocket"],
        },
        Upgrade = mode != "polling",
    };

    private async Task<EngineIoClient> ConnectAsync(NodeServer server, EngineIoClientOptions options)
    {
        var client = new EngineIoClient(server.HttpUri, options);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        if (mode == "upgrade")
        {
            var upgrade = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);
            Assert.That(upgrade.Status, Is.EqualTo(EngineIoUpgradeStatus.Upgraded), upgrade.ToString());
            Assert.That(client.TransportName, Is.EqualTo("websocket"));
        }

        return client;
    }

    [Test]
    public async Task Handshake_detects_the_revision_and_reports_the_server_settings()
    {
        var server = await TestServers.GetSharedAsync(module, FastHeartbeat);
        await using var client = await ConnectAsync(server, Options());

        Assert.That(client.Version, Is.EqualTo(version));
        Assert.That(client.Handshake!.Sid, Is.Not.Empty);
        Assert.That(client.Handshake.PingInterval, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
        Assert.That(client.Handshake.PingTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(2000)));
        Assert.That(client.Handshake.MaxPayload, version == EngineIoVersion.V4 ? Is.EqualTo(1_000_000) : Is.Null);
        Assert.That(client.TransportName, Is.EqualTo(mode == "polling" ? "polling" : "websocket"));
    }

    [Test]
    public async Task Text_and_binary_messages_echo_in_order()
    {
        var server = await TestServers.GetSharedAsync(module, FastHeartbeat);
        await using var client = await ConnectAsync(server, Options(version));

        string[] texts = ["hello", "héllo 😀 €", string.Empty, "line\nbreak", new string('x', 5000)];
        byte[] binary = [0, 1, 2, 255, 254, 4];
        foreach (var text in texts)
        {
            await client.SendAsync(text);
        }

        await client.SendAsync(binary);
        await client.SendAsync(ReadOnlyMemory<byte>.Empty);

        foreach (var text in texts)
        {
            Assert.That(await client.ReceiveTextAsync(), Is.EqualTo(text));
        }

        Assert.That(await client.ReceiveBinaryAsync(), Is.EqualTo(binary));
        Assert.That(await client.ReceiveBinaryAsync(), Is.Empty);
    }

    [Test]
    public async Task Server_messages_arrive_in_order_and_binary_from_the_server_is_intact()
    {
        var server = await TestServers.GetSharedAsync(module, FastHeartbeat);
        await using var client = await ConnectAsync(server, Options());

        await client.SendAsync("cmd:burst:50");
        for (var i = 0; i < 50; i++)
        {
            Assert.That(await client.ReceiveTextAsync(), Is.EqualTo($"burst-{i}"));
        }

        await client.SendAsync("cmd:binary:1000");
        var bytes = await client.ReceiveBinaryAsync();
        Assert.That(bytes, Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (byte)(i % 256)).ToArray()));
    }

    [Test]
    public async Task Heartbeats_keep_an_idle_session_alive()
    {
        var server = await TestServers.GetSharedAsync(module, FasterHeartbeat);
        await using var client = await ConnectAsync(server, Options());
        var closed = client.WhenClosed();

        // Three heartbeats, each needing the last answered: engine.io 6 pings again only once the pong to its previous
        // ping arrived, and engine.io 3 pongs only the pings it received. Their timing is the clock tests' subject
        // (Session/HeartbeatClockTests); here the real server accepts them.
        await client.WhenHeartbeats(3).WaitAsync(TestTimeouts.Event);

        Assert.That(closed.IsCompleted, Is.False, "the session closed while idle");
        Assert.That(client.IsConnected, Is.True);
        await client.SendAsync("still here");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("still here"));
    }

    [Test]
    public async Task A_server_initiated_close_ends_the_session_with_the_server_reason()
    {
        // A server with its default heartbeat (25 s), so no heartbeat is in flight when the server closes: a revision 3
        // ping (or revision 4 pong) POSTed just after the close is refused with 400 "Session ID unknown", and the session
        // then ends as TransportError (a known race, about 1 run in 8 with 300 ms heartbeats under load, not the
        // subject of this test).
        var server = await TestServers.GetSharedAsync(module);
        await using var client = await ConnectAsync(server, Options());
        var closed = client.WhenClosed();

        await client.SendAsync("cmd:close");
        var args = await closed.WaitAsync(TestTimeouts.Event);

        // Over polling the server sends a close packet; over WebSocket it closes the socket normally. The same server
        // action ends the session the same way on both.
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.ServerClose), args.Exception?.ToString());
        Assert.That(args.Exception, Is.Null);
        Assert.That(client.CloseReason, Is.EqualTo(args.Reason));
        Assert.That(await client.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Event), Is.Null);
        Assert.ThrowsAsync<EngineIoException>(async () => await client.SendAsync("too late"));
    }

    [Test]
    public async Task A_client_close_reaches_the_server_and_reports_client_close()
    {
        var server = await TestServers.GetSharedAsync(module, FastHeartbeat);
        var client = await ConnectAsync(server, Options());
        var closed = client.WhenClosed();
        await client.SendAsync("last words");
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("last words"));

        await client.CloseAsync().WaitAsync(TestTimeouts.Event);

        Assert.That((await closed).Reason, Is.EqualTo(EngineIoCloseReason.ClientClose));
        Assert.That(client.IsConnected, Is.False);
        await client.DisposeAsync();
    }

    [Test]
    public async Task Headers_and_query_reach_the_server()
    {
        var server = await TestServers.GetSharedAsync(module, FastHeartbeat);
        var options = Options();
        options.Connection.Headers["X-Tusk"] = "yes";
        options.Connection.UserAgent = "TuskTest/1.0";
        options.Connection.Origin = "http://origin.test";
        options.Query["token"] = "a b&c";
        await using var client = await ConnectAsync(server, options);

        await client.SendAsync("cmd:headers");
        using var headers = JsonDocument.Parse(await client.ReceiveTextAsync());
        await client.SendAsync("cmd:query");
        using var query = JsonDocument.Parse(await client.ReceiveTextAsync());

        Assert.That(headers.RootElement.GetProperty("x-tusk").GetString(), Is.EqualTo("yes"));
        Assert.That(headers.RootElement.GetProperty("user-agent").GetString(), Is.EqualTo("TuskTest/1.0"));
        Assert.That(headers.RootElement.GetProperty("origin").GetString(), Is.EqualTo("http://origin.test"));
        Assert.That(query.RootElement.GetProperty("token").GetString(), Is.EqualTo("a b&c"));
    }

    [Test]
    public async Task A_message_over_the_servers_limit_ends_the_session_with_an_error_that_says_why()
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000, maxHttpBufferSize = 1000 });
        await using var client = await ConnectAsync(server, Options());
        var closed = client.WhenClosed();

        if (client.Handshake!.MaxPayload is not null)
        {
            // A revision 4 server announces its limit: the message is refused before it is sent, the session stays
            // (MaxPayloadTests). A revision 3 server does not, so only its close can tell.
            Assert.ThrowsAsync<EngineIoPayloadTooLargeException>(async () => await client.SendAsync(new string('x', 5000)));
            Assert.That(client.IsConnected, Is.True);
            return;
        }

        await client.SendAsync(new string('x', 5000));
        var args = await closed.WaitAsync(TestTimeouts.Event);

        // ws closes the WebSocket with 1009; over polling engine.io 6 refuses the POST with 413 and engine.io 3 drops
        // the connection. Either way: an error with the cause.
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        var error = args.Exception as EngineIoException;
        Assert.That(error, Is.Not.Null, $"expected an EngineIoException, got {args.Exception}");
        if (mode == "polling" && version == EngineIoVersion.V4)
        {
            Assert.That(error!.StatusCode, Is.EqualTo(413));
        }
        else if (mode == "polling")
        {
            Assert.That(error!.InnerException, Is.InstanceOf<Transport.Polling.PollingRequestException>());
        }
        else
        {
            Assert.That(error!.WebSocketCloseCode, Is.EqualTo(1009), error.Message);
            Assert.That(error.Message, Does.Contain("1009"));
        }

        Assert.That(client.CloseException, Is.SameAs(args.Exception));
    }

    [Test]
    public async Task The_transport_settling_can_be_awaited()
    {
        var server = await TestServers.GetSharedAsync(module, FastHeartbeat);
        await using var client = new EngineIoClient(server.HttpUri, Options());
        var upgraded = client.WhenUpgradeSettled();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var settled = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);

        Assert.Multiple(() =>
        {
            Assert.That(settled.Status, Is.EqualTo(mode == "upgrade" ? EngineIoUpgradeStatus.Upgraded : EngineIoUpgradeStatus.NotAttempted));
            Assert.That(settled.TransportName, Is.EqualTo(mode == "polling" ? "polling" : "websocket"));
            Assert.That(settled.TransportName, Is.EqualTo(client.TransportName));
            Assert.That(settled.Exception, Is.Null);
            Assert.That(upgraded.IsCompleted, Is.EqualTo(mode == "upgrade"), "an upgrade raised Upgraded before settling");
        });
    }
}
