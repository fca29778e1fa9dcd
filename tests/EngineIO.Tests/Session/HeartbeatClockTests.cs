using Tusk.EngineIO.Tests.Integration;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// The session's timing on a fake clock, over an in-memory transport driven by the test: when pings go out, when a
/// silent server counts as gone, how latency is measured, when the connect gives up. Nothing here waits in real time,
/// so the outcomes are exact and no load on the machine changes them. The integration tests show the same heartbeats
/// keep real servers' sessions alive.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HeartbeatClockTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string V4Handshake = """{"sid":"mem4","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";
    private const string V3Handshake = """{"sid":"mem3","upgrades":[],"pingInterval":25000,"pingTimeout":20000}""";

    private static (EngineIoClient Client, InMemoryTransport Transport, FakeClock Clock) Create(EngineIoVersion version)
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var clock = new FakeClock();
        var options = new EngineIoClientOptions { Version = version, Transports = ["memory"], TransportFactory = factory, Connection = { TimeProvider = clock } };
        return (new EngineIoClient(new Uri("http://in-memory.test"), options), transport, clock);
    }

    [Test]
    public async Task Revision_4_closes_with_ping_timeout_exactly_when_no_ping_came_within_interval_plus_timeout()
    {
        var (client, transport, clock) = Create(EngineIoVersion.V4);
        await using var _ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        clock.Advance(Interval + Timeout - Tick);
        Assert.That(client.IsConnected, Is.True);
        clock.Advance(Tick);

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.PingTimeout));
        Assert.That(args.Exception!.Message, Does.Contain("ping timeout").And.Contain("45000 ms"));
        Assert.That(transport.Disposed, Is.True);
    }

    [Test]
    public async Task Revision_4_every_server_ping_moves_the_deadline()
    {
        var (client, transport, clock) = Create(EngineIoVersion.V4);
        await using var _ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        // Three pings, each just before the deadline the previous one set: two minutes of a session kept alive.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(Interval + Timeout - Tick);
            var rearmed = clock.WhenArmedAsync(Interval + Timeout);
            transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Ping));
            Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Pong)));
            await rearmed.WaitAsync(TestTimeouts.Event);
        }

        clock.Advance(Interval + Timeout - Tick);
        Assert.That(client.IsConnected, Is.True, "the last ping set a full deadline");
        clock.Advance(Tick);
        Assert.That((await closed.WaitAsync(TestTimeouts.Event)).Reason, Is.EqualTo(EngineIoCloseReason.PingTimeout));
    }

    [Test]
    public async Task Revision_3_pings_one_interval_after_the_open_and_one_interval_after_each_pong()
    {
        var (client, transport, clock) = Create(EngineIoVersion.V3);
        await using var _ = client;
        transport.ServerOpens(V3Handshake);
        var pingsSent = 0;
        client.PingSent += (_, _) => Interlocked.Increment(ref pingsSent);
        var pong = new TaskCompletionSource<EngineIoHeartbeatEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PongReceived += (_, e) => pong.TrySetResult(e);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        clock.Advance(Interval - Tick);
        Assert.That(Volatile.Read(ref pingsSent), Is.Zero, "no ping before the interval");
        clock.Advance(Tick);
        Assert.That(Volatile.Read(ref pingsSent), Is.EqualTo(1));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping)));

        // The pong comes 1.5 s later: that is the latency, on the session's clock.
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        var nextPingArmed = clock.WhenArmedAsync(Interval);
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Pong));
        var args = await pong.Task.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Latency, Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
        await nextPingArmed.WaitAsync(TestTimeouts.Event);

        clock.Advance(Interval - Tick);
        Assert.That(Volatile.Read(ref pingsSent), Is.EqualTo(1), "the next ping waits a whole interval after the pong");
        clock.Advance(Tick);
        Assert.That(Volatile.Read(ref pingsSent), Is.EqualTo(2));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping)));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task Revision_3_closes_with_ping_timeout_exactly_when_the_pong_is_late()
    {
        var (client, transport, clock) = Create(EngineIoVersion.V3);
        await using var _ = client;
        transport.ServerOpens(V3Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        clock.Advance(Interval);
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping)));
        clock.Advance(Timeout - Tick);
        Assert.That(client.IsConnected, Is.True, "the pong may still come");
        clock.Advance(Tick);

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.PingTimeout));
        Assert.That(args.Exception!.Message, Does.Contain("did not answer the ping within 20000 ms"));
    }

    [Test]
    public async Task A_send_after_a_missed_deadline_ends_the_session_at_once_even_if_the_timer_is_late()
    {
        // A suspended process wakes up with its timers overdue: the send sees the deadline passed and refuses to write
        // into a connection that is already dead. The clock jumps by setting the time, which fires no timers.
        var (client, transport, clock) = Create(EngineIoVersion.V4);
        await using var _ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        clock.AdjustTime(clock.GetUtcNow() + Interval + Timeout + Tick);
        Assert.That(client.IsConnected, Is.True, "no timer fired");

        Assert.That(async () => await client.SendAsync("into the void"), Throws.InstanceOf<EngineIoException>());
        Assert.That((await closed.WaitAsync(TestTimeouts.Event)).Reason, Is.EqualTo(EngineIoCloseReason.PingTimeout));
    }

    [Test]
    public void A_silent_server_fails_the_connect_exactly_at_the_connect_timeout()
    {
        var (client, _, clock) = Create(EngineIoVersion.V4);
        client.Options.ConnectTimeout = TimeSpan.FromSeconds(20);

        var connect = client.ConnectAsync();
        clock.Advance(TimeSpan.FromSeconds(20) - Tick);
        Assert.That(connect.IsCompleted, Is.False);
        clock.Advance(Tick);

        var error = Assert.ThrowsAsync<EngineIoException>(() => connect.WaitAsync(TestTimeouts.Event));
        Assert.That(error!.Message, Does.Contain("did not complete within"));
        Assert.That(error.InnerException, Is.InstanceOf<TimeoutException>());
    }
}
