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
    private static LegacySession Create(ScriptedTransport transport, TimeSpan? heartbeatTimeout = null, TimeProvider? time = null) =>
        new(new LegacyHandshake("sid", heartbeatTimeout ?? TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), ["websocket"]), transport, NullLogger.Instance, time ?? TimeProvider.System);

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

        public string Name => name;

        public async ValueTask<IReadOnlyList<string>?> ReceiveAsync(CancellationToken cancellationToken) =>
            await _server.Reader.ReadAsync(cancellationToken);

        public ValueTask SendAsync(IReadOnlyList<string> packets, CancellationToken cancellationToken)
        {
            if (SendFailure is not null)
            {
                return ValueTask.FromException(SendFailure);
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
