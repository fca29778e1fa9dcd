using Tusk.EngineIO.Tests.Integration;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// A server that floods pings while it stops taking writes (a WebSocket it no longer reads, POSTs it holds): the
/// session holds one pong, not one per ping. The in-memory transport holds the write in flight, as such a peer would.
/// </summary>
public sealed class PingFloodTests
{
    private const string V4Handshake = """{"sid":"flood","upgrades":[],"pingInterval":5000,"pingTimeout":5000}""";

    [Test]
    public async Task Pings_while_a_write_is_stuck_leave_one_pong_in_flight_and_one_queued()
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        await using var client = new EngineIoClient(
            new Uri("http://in-memory.test"),
            new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], TransportFactory = factory });
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.HoldSends = release;

        // The first ping's pong goes out and sticks; the next 9,999 arrive while it does.
        const int pings = 10_000;
        var handled = client.WhenHeartbeats(1);
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Ping, "x"));
        await handled.WaitAsync(TestTimeouts.Event);
        await transport.SendHeld.Task.WaitAsync(TestTimeouts.Event);
        var flooded = client.WhenHeartbeats(pings - 1);
        for (var i = 1; i < pings; i++)
        {
            transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Ping, "x"));
        }

        await flooded.WaitAsync(TestTimeouts.Event);
        transport.HoldSends = null;
        release.SetResult();
        await client.SendAsync("after");

        var sent = new List<EngineIoPacket>();
        do
        {
            sent.Add(await transport.ServerReceivesAsync());
        }
        while (sent[^1].Type != EngineIoPacketType.Message);

        Assert.That(sent.Count(p => p.Type == EngineIoPacketType.Pong), Is.EqualTo(2), "the stuck pong and one queued behind it");
        Assert.That(sent.Where(p => p.Type == EngineIoPacketType.Pong).Select(p => p.Text), Is.All.Null, "bare pongs");
        Assert.That(client.IsConnected, Is.True);
    }
}
