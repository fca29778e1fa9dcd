using Microsoft.Extensions.Time.Testing;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// Closing a session never waits on its transport for ever: a transport whose close and disposal never finish, and
/// that ignores cancellation (a custom one stuck in a write, say), holds the graceful close for the close deadline
/// (5 s) and its disposal for as long again; then the session is closed anyway. On a fake clock, so no test waits.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class CloseDeadlineTests
{
    private const string Handshake = """{"sid":"stuck","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Test]
    public async Task A_transport_that_never_finishes_closing_holds_the_close_only_until_the_deadlines()
    {
        var time = new FakeTimeProvider();
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], Upgrade = false, TransportFactory = factory, Connection = { TimeProvider = time } };
        var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        transport.ServerOpens(Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        transport.HangsOnClose = true;
        var started = time.GetUtcNow();

        var disposing = client.DisposeAsync().AsTask();

        // The graceful close's deadline runs from before the transport is asked to close: one step reaches it.
        await transport.CloseCalled.Task.WaitAsync(TestTimeouts.Event);
        Assert.That(disposing.IsCompleted, Is.False, "the close waits for the transport");
        time.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        Assert.That(transport.DisposeCalled.Task.IsCompleted, Is.False, "not before the deadline");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await transport.DisposeCalled.Task.WaitAsync(TestTimeouts.Event);

        // The disposal's deadline starts once DisposeAsync returned, on the client's thread: move the clock until the
        // session is closed, and check it took both deadlines.
        for (var step = 0; !disposing.IsCompleted && step < 100_000; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        await disposing.WaitAsync(TestTimeouts.Event);
        Assert.That(time.GetUtcNow() - started, Is.GreaterThanOrEqualTo(Deadline * 2), "the disposal got its own deadline");
        Assert.That(client.CloseReason, Is.EqualTo(EngineIoCloseReason.ClientClose));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Close)), "the close packet went out first");
    }
}
