using Tusk.SocketIO.Legacy;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>The public client API against a real socket.io 0.9.19 server: user code is the same as for 1.x–4.x servers.</summary>
[TestFixtureSource(typeof(LegacyServers), nameof(LegacyServers.Transports))]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class LegacyClientTests(string transport)
{
    private SocketIoClient CreateClient(NodeServer server, Action<SocketIoClientOptions>? configure = null) =>
        LegacyServers.CreateClient(server.HttpUri, transport, configure);

    [Test]
    public async Task EventsSentRightBeforeDisconnectAsyncAllReachTheServer()
    {
        // 0.9 handles each packet as it reads it, so its session needs no flush before the DISCONNECT (1.x-4.x:
        // DisconnectDeliveryTests); this checks that nothing is lost on 0.9 either.
        const int events = 50;
        var server = await LegacyServers.FastHeartbeatAsync();
        var room = Guid.NewGuid().ToString("N");
        await using var listener = CreateClient(server);
        var ticks = new Integration.TickCounter(listener, events);
        await listener.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        Assert.That(await listener.EmitWithAckAsync<bool>("join", room).WaitAsync(LegacyServers.Timeout), Is.True);

        await using var sender = CreateClient(server);
        await sender.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        for (var i = 0; i < events; i++)
        {
            await sender.EmitAsync("tick", room);
        }

        await sender.DisconnectAsync().WaitAsync(LegacyServers.Timeout);

        Assert.That(await ticks.WaitAsync(LegacyServers.Timeout), Is.EqualTo(events));
    }

    [Test]
    public async Task EventsTravelBothWays()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        await client.EmitAsync("echo", "hi", 42, new { nested = new[] { 1, 2 } });
        var echo = await client.WaitAsync("echo", LegacyServers.Timeout);

        Assert.That(client.NegotiatedProtocol, Is.EqualTo(SocketIoProtocol.V0_9));
        Assert.That(client.TransportName, Is.EqualTo(transport));
        Assert.That(client.IsConnected, Is.True);
        Assert.That(echo, Is.Not.Null);
        Assert.That(echo!.GetValue<string>(0), Is.EqualTo("hi"));
        Assert.That(echo.GetValue<int>(1), Is.EqualTo(42));
        Assert.That(echo.GetJson(2).GetRawText(), Is.EqualTo("{\"nested\":[1,2]}"));
    }

    [Test]
    public async Task AcksTravelBothWays()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        client.On("question", e => e.AckAsync("A", 1));
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var ack = await client.EmitWithAckAsync("ack-echo", "x", 2).WaitAsync(LegacyServers.Timeout);
        await client.EmitAsync("server-ack", "question", "q");
        var result = await client.WaitAsync("server-ack-result", LegacyServers.Timeout);

        Assert.That(ack.GetValue<string>(0), Is.EqualTo("x"));
        Assert.That(ack.GetValue<int>(1), Is.EqualTo(2));
        Assert.That(result!.GetJson(0).GetRawText(), Is.EqualTo("[\"A\",1]"));
    }

    [Test]
    public async Task SimpleAckRequestsAreAnsweredAndMessagesArriveAsMessageEvents()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        await client.EmitAsync("server-simple-ack", "poke");
        var poke = await client.WaitAsync("poke", LegacyServers.Timeout);
        var simpleAckSeen = await client.WaitAsync("server-simple-ack-result", LegacyServers.Timeout);
        await client.EmitAsync("send-messages");
        var messages = new[]
        {
            await client.WaitAsync("message", LegacyServers.Timeout),
            await client.WaitAsync("message", LegacyServers.Timeout),
            await client.WaitAsync("message", LegacyServers.Timeout),
        };
        var messageAcked = await client.WaitAsync("message-acked", LegacyServers.Timeout);

        Assert.That(poke!.AckRequested, Is.False);
        Assert.That(simpleAckSeen, Is.Not.Null);
        Assert.That(messages.Select(m => m!.GetJson(0).GetRawText()), Is.EqualTo(new[] { "\"plain text\"", "{\"kind\":\"json\"}", "\"acked text\"" }));
        Assert.That(messageAcked, Is.Not.Null);
    }

    [Test]
    public async Task NamespacesAreJoinedUsedAndLeft()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var admin = client.Of("/admin");

        await admin.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var ack = await admin.EmitWithAckAsync<string>("ack-echo", "from admin").WaitAsync(LegacyServers.Timeout);
        await admin.EmitAsync("echo", "admin event");
        var echo = await admin.WaitAsync("echo", LegacyServers.Timeout);
        await admin.DisconnectAsync().WaitAsync(LegacyServers.Timeout);
        var root = await client.EmitWithAckAsync<string>("ack-echo", "root").WaitAsync(LegacyServers.Timeout);

        Assert.That(ack, Is.EqualTo("from admin"));
        Assert.That(echo!.GetValue<string>(0), Is.EqualTo("admin event"));
        Assert.That(echo.Namespace, Is.EqualTo("/admin"));
        Assert.That(admin.IsConnected, Is.False);
        Assert.That(root, Is.EqualTo("root"));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task NamespaceIds_AreTheSessionId_AsTheServerReportsThem()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        var admin = client.Of("/admin");
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        await admin.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var rootSeen = await client.EmitWithAckAsync<string>("whoami").WaitAsync(LegacyServers.Timeout);
        var adminSeen = await admin.EmitWithAckAsync<string>("whoami").WaitAsync(LegacyServers.Timeout);

        // 0.9 has one socket id per connection; the "/nsp#id" form belongs to socket.io 1.x/2.x.
        Assert.That(adminSeen, Is.EqualTo(client.EngineId).And.Not.Null);
        Assert.That(admin.Id, Is.EqualTo(adminSeen));
        Assert.That(client.Id, Is.EqualTo(rootSeen));
    }

    [Test]
    public async Task AnIdleClientSurvivesSeveralHeartbeatIntervals()
    {
        await using var client = CreateClient(await LegacyServers.QuickHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var session = (LegacySession)client.Manager.CurrentSession!;
        var sessionId = client.EngineId;
        var keepAlives = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.KeepAliveReceived += (_, _) =>
        {
            if (session.KeepAliveCount >= 4)
            {
                keepAlives.TrySetResult();
            }
        };

        await keepAlives.Task.WaitAsync(LegacyServers.Timeout);
        var ack = await client.EmitWithAckAsync<string>("ack-echo", "still here").WaitAsync(LegacyServers.Timeout);

        Assert.That(ack, Is.EqualTo("still here"));
        Assert.That(client.EngineId, Is.EqualTo(sessionId), "the same session, not a reconnection");
    }

    [Test]
    public async Task AServerSideDisconnectIsFinal()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        await client.EmitAsync("disconnect-me");
        var args = await disconnected.Task.WaitAsync(LegacyServers.Timeout);

        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.IoServerDisconnect));
        Assert.That(args.WillReconnect, Is.False);
        Assert.That(client.IsConnected, Is.False);
        Assert.That(client.IsActive, Is.False);
    }

    [Test]
    public async Task ALostTransportIsReconnectedWithANewHandshakeAndNamespacesAreRejoined()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => reconnected.TrySetResult();
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var admin = client.Of("/admin");
        await admin.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var adminConnectedAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        admin.Connected += (_, _) => adminConnectedAgain.TrySetResult();
        var firstSession = client.EngineId;

        await client.EmitAsync("drop-transport");
        await reconnected.Task.WaitAsync(LegacyServers.Timeout);
        await adminConnectedAgain.Task.WaitAsync(LegacyServers.Timeout);
        var rootAck = await client.EmitWithAckAsync<string>("ack-echo", "root again").WaitAsync(LegacyServers.Timeout);
        var adminAck = await admin.EmitWithAckAsync<string>("ack-echo", "admin again").WaitAsync(LegacyServers.Timeout);

        Assert.That(client.EngineId, Is.Not.EqualTo(firstSession));
        Assert.That(rootAck, Is.EqualTo("root again"));
        Assert.That(adminAck, Is.EqualTo("admin again"));
    }

    [Test]
    public async Task ANamespaceThatRefusesAuthorizationFailsItsConnect()
    {
        await using var refused = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await using var allowed = CreateClient(await LegacyServers.FastHeartbeatAsync(), options => options.Query["secret"] = "open-sesame");
        await refused.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        await allowed.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var error = Assert.ThrowsAsync<SocketIoConnectException>(async () => await refused.Of("/private").ConnectAsync().WaitAsync(LegacyServers.Timeout));
        await allowed.Of("/private").ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var ack = await allowed.Of("/private").EmitWithAckAsync<string>("ack-echo", "inside").WaitAsync(LegacyServers.Timeout);

        Assert.That(error!.Namespace, Is.EqualTo("/private"));
        Assert.That(error.ServerMessage, Is.EqualTo("unauthorized"));
        Assert.That(refused.IsConnected, Is.True, "the refusal concerns the namespace only");
        Assert.That(ack, Is.EqualTo("inside"));
    }

    [Test]
    public async Task AutomaticModeDetectsA09Server()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync(), options => options.Protocol = SocketIoProtocol.Auto);

        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var ack = await client.EmitWithAckAsync<string>("ack-echo", "detected").WaitAsync(LegacyServers.Timeout);

        Assert.That(client.NegotiatedProtocol, Is.EqualTo(SocketIoProtocol.V0_9));
        Assert.That(ack, Is.EqualTo("detected"));
    }

    [TestCase(SocketIoProtocol.V0_9)]
    [TestCase(SocketIoProtocol.Auto)]
    public async Task AnAuthPayloadIsNotSupported(SocketIoProtocol protocol)
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync(), options =>
        {
            options.Protocol = protocol;
            options.Auth = new { token = "secret" };
        });

        Assert.That(async () => await client.ConnectAsync().WaitAsync(LegacyServers.Timeout),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("socket.io 0.9"));
    }

    [Test]
    public async Task BinaryArgumentsAreNotSupported()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        Assert.That(async () => await client.EmitAsync("echo", new byte[] { 1, 2, 3 }),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("socket.io 0.9"));
        Assert.That(async () => await client.EmitWithAckAsync("ack-echo", new { file = new byte[] { 1 } }),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("socket.io 0.9"));
        await client.EmitAsync("server-ack", "question");
        var question = await client.WaitAsync("question", LegacyServers.Timeout);
        Assert.That(async () => await question!.AckAsync(new byte[] { 9 }), Throws.TypeOf<NotSupportedException>().With.Message.Contains("socket.io 0.9"));
        Assert.That(await client.EmitWithAckAsync<string>("ack-echo", "text still works").WaitAsync(LegacyServers.Timeout), Is.EqualTo("text still works"));
    }

    [Test]
    public async Task NodeBuffersFromTheServerArriveAsBinary()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        await client.EmitAsync("send-buffers");
        var buffers = await client.WaitAsync("buffers", LegacyServers.Timeout);

        Assert.That(buffers!.IsBinary(0), Is.True);
        Assert.That(buffers.GetBytes(0), Is.EqualTo(new byte[] { 1, 2, 255 }));
        Assert.That(buffers.GetJson(1).GetProperty("nested").GetBytesFromBase64(), Is.EqualTo("hi"u8.ToArray()));
        Assert.That(buffers.GetJson(2).GetProperty("data").GetString(), Is.EqualTo("not bytes"));
    }

    [Test]
    public async Task Forcing09AgainstANewerServerFailsWithTheHandshakeError()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var client = CreateClient(server, options => options.Reconnection = false);

        var error = Assert.ThrowsAsync<SocketIoProtocolMismatchException>(async () => await client.ConnectAsync().WaitAsync(LegacyServers.Timeout));

        // The 0.9 handshake met an engine.io error body: the server speaks Engine.IO, which the message says.
        Assert.That(error!.Message, Does.Contain("socket.io 0.9").And.Contain("Engine.IO"));
        Assert.That(error.InnerException?.Message, Does.Contain("Transport unknown"));
    }

    [Test]
    public async Task HeadersQueryAndUserAgentReachTheServer()
    {
        var server = await LegacyServers.FastHeartbeatAsync();
        await using var client = LegacyServers.CreateClient(new Uri(server.HttpUri, "?fromUri=1"), transport, options =>
        {
            options.Query["token"] = "a b&c";
            options.ExtraHeaders["X-Tusk-Header"] = "tusk";
            options.UserAgent = "Tusk-Test/1.0";
        });
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var ack = await client.EmitWithAckAsync("handshake").WaitAsync(LegacyServers.Timeout);
        var query = ack.GetJson(0);

        Assert.That(query.GetProperty("token").GetString(), Is.EqualTo("a b&c"));
        Assert.That(query.GetProperty("fromUri").GetString(), Is.EqualTo("1"));
        Assert.That(ack.GetValue<string>(1), Is.EqualTo("tusk"));
        Assert.That(ack.GetValue<string>(2), Is.EqualTo("Tusk-Test/1.0"));
    }

    [Test]
    public async Task DisconnectingEndsTheSessionAsAClientClose()
    {
        await using var client = CreateClient(await LegacyServers.FastHeartbeatAsync());
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var session = client.Manager.CurrentSession!;

        await client.DisconnectAsync().WaitAsync(LegacyServers.Timeout);

        Assert.That(client.IsConnected, Is.False);
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.ForcedClose));
    }
}
