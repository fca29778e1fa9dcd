using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>Session rules that a well-behaved server never exercises, over a scripted transport.</summary>
[TestFixture]
public sealed class LegacySessionTests
{
    private static LegacySession Create(ScriptedTransport transport, TimeSpan? heartbeatTimeout = null, TimeProvider? time = null, int replyCapacity = 1024) =>
        new(new LegacyHandshake("sid", heartbeatTimeout ?? TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), ["websocket"]), transport, NullLogger.Instance,
            time ?? TimeProvider.System, replyCapacity);

    [Test]
    public async Task KeepsOneHeartbeatReplyQueuedWhileTheServerDoesNotReadAndEndsWhenTheWriteStallsForTheHeartbeatTimeout()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport) { BlockSends = true };
        await using var session = Create(transport, TimeSpan.FromSeconds(25), time);
        transport.Server.TryWrite(["1::", "2::"]);
        await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);

        // The writer took the first reply and is stuck in it (the server does not read); 500 more heartbeats arrive.
        await transport.SendStarted.WaitAsync(LegacyServers.Timeout);
        var maxPending = 0;
        var flooded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var oneMore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.KeepAliveReceived += (_, _) =>
        {
            maxPending = Math.Max(maxPending, session.PendingReplies);
            _ = session.KeepAliveCount switch
            {
                501 => flooded.TrySetResult(),
                502 => oneMore.TrySetResult(),
                _ => false,
            };
        };
        transport.Server.TryWrite([.. Enumerable.Repeat("2::", 500)]);
        var ending = session.ReceiveAsync(CancellationToken.None).AsTask();
        await flooded.Task.WaitAsync(LegacyServers.Timeout);

        // The server's own traffic keeps arriving (the silence deadline never fires); the stuck write still ends it.
        time.Advance(TimeSpan.FromSeconds(25) - TimeSpan.FromMilliseconds(1));
        transport.Server.TryWrite(["2::"]);
        await oneMore.Task.WaitAsync(LegacyServers.Timeout);
        Assert.That(ending.IsCompleted, Is.False, "the write stalled for less than the heartbeat timeout");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var end = await ending.WaitAsync(LegacyServers.Timeout);

        Assert.That(end, Is.Null);
        Assert.That(maxPending, Is.EqualTo(1), "one queued heartbeat reply answers them all");
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.PingTimeout));
        Assert.That(session.CloseException, Is.TypeOf<TimeoutException>().With.Message.Contains("stopped reading"));
    }

    [Test]
    public async Task SimpleAckRepliesTheServerDoesNotReadAreBoundedAndTheirOverflowEndsTheSession()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport) { BlockSends = true };
        await using var session = Create(transport, replyCapacity: 8);
        transport.Server.TryWrite(["1::", "3:1::x"]);
        await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);
        await transport.SendStarted.WaitAsync(LegacyServers.Timeout);

        transport.Server.TryWrite([.. Enumerable.Range(2, 20).Select(static id => $"3:{id}::x")]);
        var received = 0;
        var maxPending = 0;
        while (await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout) is not null)
        {
            received++;
            maxPending = Math.Max(maxPending, session.PendingReplies);
        }

        // Ids 2-9 fill the queue (the writer holds id 1); id 10 overflows it.
        Assert.That(received, Is.EqualTo(1 + 8), "the message whose reply overflowed is not delivered; the session ends there");
        Assert.That(maxPending, Is.EqualTo(8));
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.TransportError));
        Assert.That(session.CloseException!.Message, Does.Contain("SendBufferCapacity = 8"));
    }

    [Test]
    public async Task ALongSimpleAckReplyCountsInBytes()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport) { BlockSends = true };
        await using var session = Create(transport);
        transport.Server.TryWrite(["1::", "3:1::x"]);
        await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);
        await transport.SendStarted.WaitAsync(LegacyServers.Timeout);

        // A reply echoes the request's endpoint: four replies of over 128 Ki chars (256 KiB each) exceed 1 MiB.
        var endpoint = "/" + new string('e', 128 * 1024);
        transport.Server.TryWrite([.. Enumerable.Range(2, 5).Select(id => $"3:{id}:{endpoint}:x")]);
        while (await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout) is not null)
        {
        }

        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.TransportError));
        Assert.That(session.CloseException!.Message, Does.Contain($"{LegacySession.MaxPendingReplyBytes} bytes"));
    }

    [Test]
    public async Task EndsWithPingTimeoutWhenTheServerFallsSilentOnWebSocket()
    {
        var time = new FakeTimeProvider();
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport);
        await using var session = Create(transport, TimeSpan.FromSeconds(25), time);
        transport.Server.TryWrite(["1::"]);

        var connect = await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);

        // The receive arms the silence deadline before it returns to wait for the transport.
        var ending = session.ReceiveAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(25) - TimeSpan.FromMilliseconds(1));
        Assert.That(ending.IsCompleted, Is.False, "silent for less than the heartbeat timeout");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var end = await ending.WaitAsync(LegacyServers.Timeout);

        Assert.That(connect!.Type, Is.EqualTo(SocketIoPacketType.Connect));
        Assert.That(end, Is.Null);
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.PingTimeout));
        Assert.That(session.CloseException, Is.TypeOf<TimeoutException>());
    }

    [Test]
    public async Task AnswersHeartbeatsInOrderWithOtherPackets()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport);
        await using var session = Create(transport);
        transport.Server.TryWrite(["2::", "5:::{\"name\":\"a\"}"]);

        var received = await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);
        await session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Event, Payload = "[\"b\"]" }, CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);

        Assert.That(received!.Payload, Is.EqualTo("[\"a\"]"));
        Assert.That(transport.Sent, Is.EqualTo(new[] { "2::", "5:::{\"name\":\"b\"}" }));
        Assert.That(session.KeepAliveCount, Is.EqualTo(1));
    }

    [Test]
    public async Task HoldsSendsUntilTheServerHasSpoken()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.PollingTransport);
        await using var session = Create(transport);

        var send = session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = "/a" }, CancellationToken.None).AsTask();
        var heldBack = transport.SentCount;
        transport.Server.TryWrite(["1::"]);
        await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);
        await send.WaitAsync(LegacyServers.Timeout);

        Assert.That(heldBack, Is.Zero);
        Assert.That(transport.Sent, Is.EqualTo(new[] { "1::/a" }));
    }

    [Test]
    public async Task ClientNotHandshakenEndsTheSessionSoThatTheClientReconnects()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.PollingTransport);
        await using var session = Create(transport);
        transport.Server.TryWrite(["7:::1+0"]);

        var end = await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout);

        Assert.That(end, Is.Null);
        Assert.That(session.CloseReason.AllowsReconnection(), Is.True);
        Assert.That(session.CloseException!.Message, Does.Contain("client not handshaken"));
    }

    [Test]
    public async Task AServerThatClosesTheTransportEndsTheSession()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport);
        await using var session = Create(transport);
        transport.Server.TryWrite(null);

        Assert.That(await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout), Is.Null);
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.TransportClose));
    }

    [Test]
    public async Task AFailedSendFailsTheSendAndEndsTheSession()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport) { SendFailure = new IOException("broken pipe") };
        await using var session = Create(transport);
        transport.Server.TryWrite(["1::"]);
        Assert.That((await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout))!.Type, Is.EqualTo(SocketIoPacketType.Connect));

        var send = session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Event, Payload = "[\"b\"]" }, CancellationToken.None).AsTask();

        // The transport's failure reaches the sender as the disconnection it causes, with the cause inside.
        Assert.That(async () => await send.WaitAsync(LegacyServers.Timeout),
            Throws.TypeOf<SocketIoDisconnectedException>().With.InnerException.TypeOf<IOException>());
        Assert.That(await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout), Is.Null);
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.TransportError));
    }

    [Test]
    public async Task MalformedPacketsAreProtocolErrors()
    {
        var transport = new ScriptedTransport(LegacyEndpoints.WebSocketTransport);
        await using var session = Create(transport);
        transport.Server.TryWrite(["5:::{broken"]);

        Assert.That(async () => await session.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(LegacyServers.Timeout), Throws.TypeOf<SocketIoProtocolException>());
        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.ParseError));
    }

    /// <summary>A transport whose server side is a channel the test writes to; null closes it.</summary>
    private sealed class ScriptedTransport(string name) : ILegacyTransport
    {
        private readonly Channel<IReadOnlyList<string>?> _server = Channel.CreateUnbounded<IReadOnlyList<string>?>();

        public ChannelWriter<IReadOnlyList<string>?> Server => _server.Writer;

        public List<string> Sent { get; } = [];

        public int SentCount
        {
            get
            {
                lock (Sent)
                {
                    return Sent.Count;
                }
            }
        }

        public Exception? SendFailure { get; init; }

        /// <summary>Sends never complete (until cancelled): a server that does not read.</summary>
        public bool BlockSends { get; init; }

        private readonly TaskCompletionSource _sendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SendStarted => _sendStarted.Task;

        public string Name => name;

        public async ValueTask<IReadOnlyList<string>?> ReceiveAsync(CancellationToken cancellationToken) =>
            await _server.Reader.ReadAsync(cancellationToken);

        public ValueTask SendAsync(IReadOnlyList<string> packets, CancellationToken cancellationToken)
        {
            if (SendFailure is not null)
            {
                return ValueTask.FromException(SendFailure);
            }

            if (BlockSends)
            {
                _sendStarted.TrySetResult();
                return new ValueTask(Task.Delay(Timeout.Infinite, cancellationToken));
            }

            lock (Sent)
            {
                Sent.AddRange(packets);
            }

            return ValueTask.CompletedTask;
        }

        public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
