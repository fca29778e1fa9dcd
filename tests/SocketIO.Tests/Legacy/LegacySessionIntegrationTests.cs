using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Protocol;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>The 0.9 session on its own (no client on top) against a real socket.io 0.9.19 server.</summary>
[TestFixtureSource(typeof(LegacyServers), nameof(LegacyServers.Transports))]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class LegacySessionIntegrationTests(string transport)
{
    private static SocketIoPacket Event(string @namespace, string payload, long? id = null) =>
        new() { Type = SocketIoPacketType.Event, Namespace = @namespace, Payload = payload, Id = id };

    private async Task<LegacySessionPump> OpenAsync(NodeServer? server = null, Action<SocketIoClientOptions>? configure = null)
    {
        server ??= await LegacyServers.FastHeartbeatAsync();
        var options = new SocketIoClientOptions { Protocol = SocketIoProtocol.V0_9, Transports = [transport] };
        configure?.Invoke(options);
        var factory = new LegacySessionFactory(server.HttpUri, options);
        var session = (LegacySession)await factory.OpenAsync(CancellationToken.None).WaitAsync(LegacyServers.Timeout);
        return new LegacySessionPump(session);
    }

    [Test]
    public async Task ConnectsToTheDefaultEndpointAndEchoesEvents()
    {
        await using var pump = await OpenAsync();

        var connect = await pump.NextAsync(_ => true);
        await pump.Session.SendAsync(Event("/", "[\"echo\",\"hi\",1,{\"ü\":[true]}]"), CancellationToken.None);
        var echo = await pump.EventAsync("echo");

        Assert.That((connect.Type, connect.Namespace), Is.EqualTo((SocketIoPacketType.Connect, "/")));
        Assert.That(pump.Session.TransportName, Is.EqualTo(transport));
        Assert.That(pump.Session.SessionId, Is.Not.Empty);
        Assert.That(echo.Payload, Is.EqualTo("[\"echo\",\"hi\",1,{\"ü\":[true]}]"));
    }

    [Test]
    public async Task AcksTravelBothWays()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.SendAsync(Event("/", "[\"ack-echo\",\"x\",2]", id: 5), CancellationToken.None);
        var ack = await pump.NextAsync(p => p.Type == SocketIoPacketType.Ack);
        await pump.Session.SendAsync(Event("/", "[\"server-ack\",\"question\",\"q\"]"), CancellationToken.None);
        var question = await pump.EventAsync("question");
        await pump.Session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Ack, Id = question.Id, Payload = "[\"A\",{\"b\":1}]" }, CancellationToken.None);
        var result = await pump.EventAsync("server-ack-result");

        Assert.That((ack.Id, ack.Payload), Is.EqualTo((5L, (string?)"[\"x\",2]")));
        Assert.That(question.Payload, Is.EqualTo("[\"question\",\"q\"]"));
        Assert.That(question.Id, Is.Not.Null);
        Assert.That(result.Payload, Is.EqualTo("[\"server-ack-result\",[\"A\",{\"b\":1}]]"));
    }

    [Test]
    public async Task AnswersSimpleAcksByItself()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.SendAsync(Event("/", "[\"server-simple-ack\",\"poke\"]"), CancellationToken.None);
        var poke = await pump.EventAsync("poke");
        await pump.EventAsync("server-simple-ack-result");

        Assert.That(poke.Id, Is.Null, "a simple ack is answered by the session, not offered to user code");
    }

    [Test]
    public async Task PlainAndJsonMessagesArriveAsMessageEvents()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.SendAsync(Event("/", "[\"send-messages\"]"), CancellationToken.None);
        var plain = await pump.EventAsync("message");
        var json = await pump.EventAsync("message");
        var acked = await pump.EventAsync("message");
        await pump.EventAsync("message-acked");

        Assert.That(plain.Payload, Is.EqualTo("[\"message\",\"plain text\"]"));
        Assert.That(json.Payload, Is.EqualTo("[\"message\",{\"kind\":\"json\"}]"));
        Assert.That(acked.Payload, Is.EqualTo("[\"message\",\"acked text\"]"));
    }

    [Test]
    public async Task JoinsUsesAndLeavesAnEndpoint()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect && p.Namespace == "/");

        await pump.Session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = "/admin" }, CancellationToken.None);
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect && p.Namespace == "/admin");
        await pump.Session.SendAsync(Event("/admin", "[\"ack-echo\",\"from admin\"]", id: 1), CancellationToken.None);
        var ack = await pump.NextAsync(p => p.Type == SocketIoPacketType.Ack);
        await pump.Session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Disconnect, Namespace = "/admin" }, CancellationToken.None);
        await pump.Session.SendAsync(Event("/", "[\"echo\",\"still here\"]"), CancellationToken.None);
        var echo = await pump.EventAsync("echo");

        Assert.That((ack.Namespace, ack.Payload), Is.EqualTo(("/admin", (string?)"[\"from admin\"]")));
        Assert.That(echo.Payload, Is.EqualTo("[\"echo\",\"still here\"]"));
    }

    [Test]
    public async Task KeepAlivesCarryAnIdleSessionPastTheHeartbeatInterval()
    {
        await using var pump = await OpenAsync(await LegacyServers.QuickHeartbeatAsync());
        var thirdKeepAlive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pump.Session.KeepAliveReceived += (_, _) =>
        {
            if (pump.Session.KeepAliveCount >= 3)
            {
                thirdKeepAlive.TrySetResult();
            }
        };

        // Heartbeats on WebSocket, noops ending idle polls on xhr-polling: either way, idle for 3+ intervals.
        await thirdKeepAlive.Task.WaitAsync(LegacyServers.Timeout);
        await pump.Session.SendAsync(Event("/", "[\"echo\",\"after idling\"]"), CancellationToken.None);
        var echo = await pump.EventAsync("echo");

        Assert.That(echo.Payload, Is.EqualTo("[\"echo\",\"after idling\"]"));
        Assert.That(pump.Ended.IsCompleted, Is.False);
    }

    [Test]
    public async Task ServerDisconnectOfTheDefaultEndpointEndsTheSession()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.SendAsync(Event("/", "[\"disconnect-me\"]"), CancellationToken.None);
        var disconnect = await pump.NextAsync(p => p.Type == SocketIoPacketType.Disconnect);
        await pump.Ended.WaitAsync(LegacyServers.Timeout);

        Assert.That(disconnect.Namespace, Is.EqualTo("/"));
        Assert.That(pump.Session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.IoServerDisconnect));
    }

    [Test]
    public async Task ServerDisconnectOfAnEndpointKeepsTheSession()
    {
        await using var pump = await OpenAsync();
        await pump.Session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = "/admin" }, CancellationToken.None);
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect && p.Namespace == "/admin");

        await pump.Session.SendAsync(Event("/admin", "[\"disconnect-me\"]"), CancellationToken.None);
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Disconnect && p.Namespace == "/admin");
        await pump.Session.SendAsync(Event("/", "[\"echo\",1]"), CancellationToken.None);
        await pump.EventAsync("echo");

        Assert.That(pump.Ended.IsCompleted, Is.False);
    }

    [Test]
    public async Task ADroppedTransportEndsTheSessionWithAReasonThatAllowsReconnection()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.SendAsync(Event("/", "[\"drop-transport\"]"), CancellationToken.None);
        await pump.Ended.WaitAsync(LegacyServers.Timeout);

        Assert.That(pump.Session.CloseReason.AllowsReconnection(), Is.True, pump.Session.CloseReason.ToString());
    }

    [Test]
    public async Task ClosingSaysGoodbyeToTheServer()
    {
        await using var pump = await OpenAsync();
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.CloseAsync(CancellationToken.None).WaitAsync(LegacyServers.Timeout);
        await pump.Ended.WaitAsync(LegacyServers.Timeout);

        Assert.That(pump.Session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.ForcedClose));
    }

    [Test]
    public async Task TheHandshakeCarriesQueryAndHeaders()
    {
        var server = await LegacyServers.FastHeartbeatAsync();
        await using var pump = await OpenAsync(server, options =>
        {
            options.Query["token"] = "a b&c";
            options.ExtraHeaders["X-Tusk-Header"] = "tusk";
            options.UserAgent = "Tusk-Test/1.0";
        });
        await pump.NextAsync(p => p.Type == SocketIoPacketType.Connect);

        await pump.Session.SendAsync(Event("/", "[\"handshake\"]", id: 1), CancellationToken.None);
        var ack = await pump.NextAsync(p => p.Type == SocketIoPacketType.Ack);

        Assert.That(ack.Payload, Does.Contain("\"token\":\"a b&c\""));
        Assert.That(ack.Payload, Does.Contain("\"tusk\",\"Tusk-Test/1.0\""));
    }
}
