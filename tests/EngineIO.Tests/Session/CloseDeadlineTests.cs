namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// Closing a session never waits on its transport for ever: a transport whose close and disposal never finish, and
/// that ignores cancellation (a custom one stuck in a write, say), holds the graceful close for at most the close
/// deadline (5 s) and its disposal for at most as long again; then the session is closed anyway.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class CloseDeadlineTests
{
    private const string Handshake = """{"sid":"stuck","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";

    [Test]
    public async Task A_transport_that_never_finishes_closing_holds_the_close_only_until_the_deadlines()
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], Upgrade = false, TransportFactory = factory };
        var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        transport.ServerOpens(Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        transport.HangsOnClose = true;

        // Two deadlines of 5 s (graceful close, then disposal) plus scheduling slack on a busy machine.
        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(client.CloseReason, Is.EqualTo(EngineIoCloseReason.ClientClose));
        Assert.That(transport.Disposed, Is.True, "disposal was attempted");
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Close)), "the close packet went out first");
    }
}
