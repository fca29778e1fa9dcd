using System.Diagnostics;
using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Protocol;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>
/// A raw "0.9 server" (tests/servers/modules/sio-v0-hostile.js) that stops reading after its <c>1::</c> and floods
/// packets that each ask for a reply: the session must end, with what it queues bounded, instead of living on the
/// server's own traffic while its replies pile up.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class LegacyHostileServerTests
{
    // More than the kernel's socket buffers of both ends take (the server's receive window grows while it does not
    // read): the write of it stalls, and every reply waits behind it.
    private const int StallingMessageChars = 16 * 1024 * 1024;

    private static async Task<LegacySession> OpenAsync(string flood, int heartbeatTimeoutSeconds, Action<SocketIoClientOptions>? configure = null)
    {
        var server = await TestServers.GetSharedAsync("sio-v0-hostile");
        var options = new SocketIoClientOptions
        {
            Protocol = SocketIoProtocol.V0_9,
            Transports = ["websocket"],
            Query = { ["hostile"] = flood, ["hb"] = heartbeatTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        configure?.Invoke(options);
        var factory = new LegacySessionFactory(server.HttpUri, options);
        return await factory.OpenAsync(await factory.HandshakeAsync(CancellationToken.None), CancellationToken.None).WaitAsync(LegacyServers.Timeout);
    }

    /// <summary>Sends a message too big for the socket buffers (its write never completes) and receives until the session ends.</summary>
    private static async Task<int> StallAndReceiveUntilEndAsync(LegacySession session, Action onPacket)
    {
        var big = new SocketIoPacket { Type = SocketIoPacketType.Event, Namespace = "/", Payload = "[\"big\",\"" + new string('x', StallingMessageChars) + "\"]" };
        var stalled = session.SendAsync(big, CancellationToken.None).AsTask();

        // On its own thread: a flooding server keeps data ready, so ReceiveAsync may not return to this one for long.
        var received = await Task.Run(async () =>
        {
            var count = 0;
            while (await session.ReceiveAsync(CancellationToken.None) is not null)
            {
                count++;
                onPacket();
            }

            return count;
        }).WaitAsync(LegacyServers.Timeout);
        Assert.That(async () => await stalled.WaitAsync(LegacyServers.Timeout), Throws.TypeOf<SocketIoDisconnectedException>(), "the stalled write fails with the session");
        return received;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task TheHandshakeFollowsNoRedirect(bool keepAlive)
    {
        // KeepAlive = false: the 0.9 factory's own non-pooling handler; true: the polling channel's.
        using var server = new RedirectingListener();
        var options = new SocketIoClientOptions { Protocol = SocketIoProtocol.V0_9, KeepAlive = keepAlive, ExtraHeaders = { ["X-Token"] = "hunter2" } };
        var factory = new LegacySessionFactory(server.Uri, options);

        var error = Assert.ThrowsAsync<SocketIoConnectException>(async () => await factory.HandshakeAsync(CancellationToken.None).WaitAsync(LegacyServers.Timeout));
        await server.Answered.WaitAsync(LegacyServers.Timeout);

        Assert.That(error!.Message, Does.Contain("HTTP 302"));
        Assert.That(server.TargetWasContacted, Is.False, "the redirect target (another host) saw no connection, so none of the headers");
    }

    [Test]
    public async Task AServerThatStopsReadingButSendsHeartbeatsIsDroppedAfterItsHeartbeatTimeoutWithOneReplyQueued()
    {
        await using var session = await OpenAsync("heartbeats", heartbeatTimeoutSeconds: 1);
        var maxPending = 0;
        session.KeepAliveReceived += (_, _) => maxPending = Math.Max(maxPending, session.PendingReplies);
        var clock = Stopwatch.StartNew();

        await StallAndReceiveUntilEndAsync(session, static () => { });

        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.PingTimeout));
        Assert.That(session.CloseException, Is.TypeOf<TimeoutException>().With.Message.Contains("stopped reading"));
        Assert.That(session.KeepAliveCount, Is.GreaterThan(50), "the server kept sending heartbeats (its traffic never let the silence deadline fire)");
        Assert.That(maxPending, Is.LessThanOrEqualTo(1), "one queued reply answers every heartbeat before it");
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)), "not before the heartbeat timeout");
    }

    [Test]
    public async Task AServerThatStopsReadingButAsksForSimpleAcksIsDroppedWhenTheRepliesExceedTheSendBuffer()
    {
        // A heartbeat timeout far beyond the test's bound: only the reply limit can end the session in time.
        await using var session = await OpenAsync("simple-acks", heartbeatTimeoutSeconds: 600, options => options.SendBufferCapacity = 64);
        var maxPending = 0;

        var received = await StallAndReceiveUntilEndAsync(session, () => maxPending = Math.Max(maxPending, session.PendingReplies));

        Assert.That(session.CloseReason, Is.EqualTo(SocketIoDisconnectReason.TransportError));
        Assert.That(session.CloseException!.Message, Does.Contain("SendBufferCapacity = 64"));
        // The connect and the messages whose replies fit; a few more when the writer took their replies together with
        // the stalling message (taken replies no longer wait in the queue).
        Assert.That(received, Is.GreaterThanOrEqualTo(1 + 64), "the connect, and the messages whose replies fit");
        Assert.That(maxPending, Is.LessThanOrEqualTo(64));
    }
}
