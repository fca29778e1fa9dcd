using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>Client behaviour checked packet by packet against a scripted in-memory session.</summary>
public class ClientBehaviourTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    internal static SocketIoClient Client(FakeSessionFactory factory, Action<SocketIoClientOptions>? configure = null)
    {
        var options = new SocketIoClientOptions
        {
            ReconnectionDelay = TimeSpan.FromMilliseconds(1),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(5),
        };
        configure?.Invoke(options);
        return new SocketIoClient(new Uri("http://127.0.0.1:1"), options, factory);
    }

    /// <summary>Connects <paramref name="client"/> on v5: the session opens, the client sends CONNECT, the server accepts.</summary>
    internal static async Task<FakeSession> ConnectV5Async(FakeSessionFactory factory, SocketIoClient client, string reply = "0{\"sid\":\"s1\"}")
    {
        var connecting = client.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        await session.NextSentAsync();
        session.ServerSends(reply);
        await connecting.WaitAsync(Timeout);
        return session;
    }

    [Test]
    public async Task EventsOfOneBatch_AllReachTheirHandlersInOrder_OnceTheBatchEnds()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory);
        var session = await ConnectV5Async(factory, client);
        var received = new List<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("n", e =>
        {
            received.Add(e.GetValue<int>());
            if (received.Count == 4)
            {
                all.TrySetResult();
            }
        });

        session.ServerSendsFollowedInBatch("2[\"n\",1]");
        session.ServerSendsFollowedInBatch("2[\"n\",2]");
        session.ServerSendsFollowedInBatch("2[\"n\",3]");
        session.ServerSends("2[\"n\",4]");
        await all.Task.WaitAsync(Timeout);

        Assert.That(received, Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public async Task EventsOfABatchCutShortByTheSessionEnding_StillReachTheirHandlers()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var session = await ConnectV5Async(factory, client);
        var received = new List<int>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("n", e =>
        {
            received.Add(e.GetValue<int>());
            if (received.Count == 2)
            {
                both.TrySetResult();
            }
        });

        session.ServerSendsFollowedInBatch("2[\"n\",1]");
        session.ServerSendsFollowedInBatch("2[\"n\",2]");
        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await both.Task.WaitAsync(Timeout);

        Assert.That(received, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task V5_ConnectCarriesAuthAndTheReplySetsTheId()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Auth = new { token = "123" });

        var connecting = client.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        Assert.That(await session.NextSentAsync(), Is.EqualTo("0{\"token\":\"123\"}"));
        session.ServerSends("0{\"sid\":\"abc\"}");
        await connecting.WaitAsync(Timeout);

        Assert.That(client.Id, Is.EqualTo("abc"));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task V4_RootWaitsForTheServersConnectAndCustomNamespacesSendTheQuery()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V4);
        await using var client = Client(factory, o => o.Query = new Dictionary<string, string> { ["token"] = "a b" });

        var connecting = client.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        session.ServerSends("0");
        await connecting.WaitAsync(Timeout);
        var admin = client.Of("/admin").ConnectAsync();
        var sent = await session.NextSentAsync();
        session.ServerSends("0/admin,");
        await admin.WaitAsync(Timeout);

        Assert.That(sent, Is.EqualTo("0/admin?token=a%20b,"), "no CONNECT for / on v4: the server joins it by itself");
        Assert.That(client.Id, Is.EqualTo("engine1"));
        Assert.That(client.Of("/admin").Id, Is.EqualTo("/admin#engine1"));
    }

    [Test]
    public async Task Recovery_ReconnectSendsPidAndLastOffsetMergedWithAuth()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var calls = 0;
        await using var client = Client(factory, o => o.AuthProvider = _ =>
            ValueTask.FromResult<object?>(new { token = "t" + Interlocked.Increment(ref calls) }));
        var first = await ConnectV5Async(factory, client, "0{\"sid\":\"s1\",\"pid\":\"p1\"}");
        first.ServerSends("2[\"news\",\"hello\",\"offset-7\"]");
        Assert.That(await client.WaitAsync("news", Timeout), Is.Not.Null);

        first.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var second = await factory.NextOpenedAsync();
        using var connect = JsonDocument.Parse((await second.NextSentAsync())[1..]);
        second.ServerSends("2[\"missed\",\"offset-8\"]");
        second.ServerSends("0{\"sid\":\"s1\",\"pid\":\"p1\"}");
        var missed = await client.WaitAsync("missed", Timeout);

        Assert.That(connect.RootElement.GetProperty("token").GetString(), Is.EqualTo("t2"));
        Assert.That(connect.RootElement.GetProperty("pid").GetString(), Is.EqualTo("p1"));
        Assert.That(connect.RootElement.GetProperty("offset").GetString(), Is.EqualTo("offset-7"));
        Assert.That(missed, Is.Not.Null, "events replayed before the CONNECT reply are delivered after it");
        Assert.That(client.Recovered, Is.True);
    }

    [Test]
    public async Task ParseError_DisconnectsWithThatReasonAndReconnects()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var first = await ConnectV5Async(factory, client);

        first.ServerSends("9 not a packet");
        var args = await disconnected.Task.WaitAsync(Timeout);
        var second = await factory.NextOpenedAsync();

        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.ParseError));
        Assert.That(args.WillReconnect, Is.True);
        Assert.That(await second.NextSentAsync(), Is.EqualTo("0"));
    }

    [Test]
    public async Task ReconnectionDisabled_TransportLossIsFinal()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var session = await ConnectV5Async(factory, client);
        var pending = client.EmitWithAckAsync("slow");
        await session.NextSentAsync();

        session.ServerCloses(SocketIoDisconnectReason.PingTimeout);
        var args = await disconnected.Task.WaitAsync(Timeout);

        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.PingTimeout));
        Assert.That(args.WillReconnect, Is.False);
        Assert.That(client.IsActive, Is.False);
        var failure = Assert.ThrowsAsync<SocketIoDisconnectedException>(() => pending.WaitAsync(Timeout));
        Assert.That(failure!.Reason, Is.EqualTo(SocketIoDisconnectReason.PingTimeout));
    }

    [Test]
    public async Task AnEmitIntoASessionThatJustEnded_WithoutReconnection_FailsAsADisconnect()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var session = await ConnectV5Async(factory, client);
        // The Engine.IO session ended a moment ago; its close has not reached the Socket.IO layer yet.
        session.FailSendsWith = new SocketIoDisconnectedException("The connection has ended (fake).");

        var pending = client.EmitWithAckAsync("lost");
        session.ServerCloses(SocketIoDisconnectReason.TransportClose);

        Assert.ThrowsAsync<SocketIoDisconnectedException>(() => pending.WaitAsync(Timeout));
    }

    [Test]
    public async Task AnEmitWithRetries_IntoASessionThatJustEnded_IsSentAgainAfterTheReconnect()
    {
        // Seen behind a load balancer during a rolling restart: the node closed the session while an emit went out.
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o =>
        {
            o.Retries = 3;
            o.AckTimeout = Timeout;
        });
        var session = await ConnectV5Async(factory, client);
        session.FailSendsWith = new SocketIoDisconnectedException("The connection has ended (fake).");

        var pending = client.EmitWithAckAsync<int>("record", "k1");
        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var second = await factory.NextOpenedAsync();
        Assert.That(await second.NextSentAsync(), Is.EqualTo("0"));
        second.ServerSends("0{\"sid\":\"s2\"}");
        var resent = await second.NextSentAsync();
        var id = resent[1..resent.IndexOf('[', StringComparison.Ordinal)];
        second.ServerSends("3" + id + "[1]");

        Assert.That(resent, Does.EndWith("[\"record\",\"k1\"]"));
        Assert.That(await pending.WaitAsync(Timeout), Is.EqualTo(1));
    }

    [Test]
    public async Task ReservedEventNames_AreRefused()
    {
        await using var client = Client(new FakeSessionFactory(SocketIoProtocol.V5));

        Assert.ThrowsAsync<ArgumentException>(() => client.EmitAsync("disconnect"));
        Assert.ThrowsAsync<ArgumentException>(() => client.EmitWithAckAsync("connect"));
    }

    [Test]
    public async Task ThrowingHandler_IsLoggedAndLaterEventsStillArrive()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var client = Client(factory, o => o.LoggerFactory = loggerFactory);
        var second = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("ev", e =>
        {
            var value = e.GetValue<int>();
            if (value == 1)
            {
                throw new InvalidOperationException("handler bug");
            }

            second.TrySetResult(value);
        });
        var session = await ConnectV5Async(factory, client);

        session.ServerSends("2[\"ev\",1]");
        session.ServerSends("2[\"ev\",2]");

        Assert.That(await second.Task.WaitAsync(Timeout), Is.EqualTo(2));
        Assert.That(logs.Entries, Has.Some.Matches<(string Name, Exception? Error)>(
            e => e.Name == "HandlerFailed" && e.Error is InvalidOperationException { Message: "handler bug" }));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task AfterDispose_EmitAndConnectThrowObjectDisposed()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var client = Client(factory);
        var session = await ConnectV5Async(factory, client);
        var pending = client.EmitWithAckAsync("slow");

        await client.DisposeAsync();

        Assert.ThrowsAsync<SocketIoDisconnectedException>(() => pending.WaitAsync(Timeout));
        Assert.ThrowsAsync<ObjectDisposedException>(() => client.EmitAsync("late"));
        Assert.ThrowsAsync<ObjectDisposedException>(() => client.ConnectAsync());
        Assert.That(await session.NextSentAsync(), Is.EqualTo("20[\"slow\"]"), "ack id 0 was sent before the dispose");
    }

    [Test]
    public async Task ReconnectionAttempts_WhenUsedUp_RaiseReconnectFailedAndStop()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.ReconnectionAttempts = 3);
        var attempts = new List<int>();
        var willRetry = new List<bool>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnecting += (_, e) => attempts.Add(e.Attempt);
        client.ConnectError += (_, e) => willRetry.Add(e.WillRetry);
        client.ReconnectFailed += (_, _) => failed.TrySetResult();
        var session = await ConnectV5Async(factory, client);

        factory.Unreachable = true;
        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await failed.Task.WaitAsync(Timeout);

        // Events run in order on one dispatcher, so everything raised before ReconnectFailed has been seen.
        Assert.That(attempts, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(willRetry, Is.EqualTo(new[] { true, true, false }), "the last attempt's error says no retry follows");
        Assert.That(factory.FailedAttempts, Is.EqualTo(3));
        Assert.That(client.IsActive, Is.False);
    }
}
