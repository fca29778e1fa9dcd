using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Session;

/// <summary><see cref="EngineIoClient.FlushAsync"/> over a user-written transport whose flush the test holds: where the
/// flush falls among the messages, what it skips, and its bound.</summary>
public sealed class FlushTests
{
    private const string V4Handshake = """{"sid":"mem4","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";

    // MaxFlushWait: the session gives up on a confirmation after 5 s (the request timeout, 30 s by default, is longer).
    private static readonly TimeSpan FlushBound = TimeSpan.FromSeconds(5);

    private static async Task<(EngineIoClient Client, InMemoryTransport Transport, FakeClock Clock)> ConnectAsync()
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var clock = new FakeClock();
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], TransportFactory = factory, Connection = { TimeProvider = clock } };
        var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        return (client, transport, clock);
    }

    [Test]
    public async Task The_transport_confirms_after_the_messages_before_the_flush_and_before_those_after_it()
    {
        var (client, transport, _) = await ConnectAsync();
        await using var _ = client;
        transport.HoldFlushes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await client.SendAsync("a");
        await client.SendAsync("b");
        var flush = client.FlushAsync();
        await client.SendAsync("c");
        await transport.FlushCalled.Task.WaitAsync(TestTimeouts.Event);

        Assert.That(transport.FlushedAfter, Is.EqualTo(new[] { 2 }), "packets sent when the transport was asked to confirm");
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("a")));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("b")));
        Assert.That(transport.ToServer.Reader.TryRead(out var early), Is.False, $"sent while the flush waited: {early}");
        Assert.That(flush.IsCompleted, Is.False);

        transport.HoldFlushes.SetResult();
        await flush.WaitAsync(TestTimeouts.Event);
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("c")));
    }

    [Test]
    public async Task A_flush_with_no_message_since_the_last_confirmed_one_asks_the_transport_nothing()
    {
        var (client, transport, _) = await ConnectAsync();
        await using var _ = client;

        await client.FlushAsync().WaitAsync(TestTimeouts.Event);
        Assert.That(transport.FlushedAfter, Is.Empty, "nothing was sent yet");

        await client.SendAsync("a");
        await client.FlushAsync().WaitAsync(TestTimeouts.Event);
        await client.FlushAsync().WaitAsync(TestTimeouts.Event);
        Assert.That(transport.FlushedAfter, Is.EqualTo(new[] { 1 }));

        await client.SendAsync("b");
        await client.FlushAsync().WaitAsync(TestTimeouts.Event);
        Assert.That(transport.FlushedAfter, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task A_confirmation_that_never_comes_is_given_up_after_five_seconds_and_sending_goes_on()
    {
        var (client, transport, clock) = await ConnectAsync();
        await using var _ = client;
        transport.HoldFlushes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await client.SendAsync("a");
        var flush = client.FlushAsync();
        await client.SendAsync("b");
        await transport.FlushCalled.Task.WaitAsync(TestTimeouts.Event);
        await clock.WhenArmedAsync(FlushBound).WaitAsync(TestTimeouts.Event);
        clock.Advance(FlushBound - TimeSpan.FromMilliseconds(1));
        Assert.That(flush.IsCompleted, Is.False, "the bound has not passed yet");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var exception = Assert.ThrowsAsync<TimeoutException>(async () => await flush.WaitAsync(TestTimeouts.Event));
        Assert.That(exception!.Message, Does.Contain("5000 ms").And.Contain("memory"));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("a")));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("b")));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task Cancelling_the_wait_throws_and_the_flush_still_happens_in_turn()
    {
        var (client, transport, _) = await ConnectAsync();
        await using var _ = client;
        transport.HoldFlushes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        await client.SendAsync("a");
        var flush = client.FlushAsync(cancel.Token);
        await transport.FlushCalled.Task.WaitAsync(TestTimeouts.Event);
        await cancel.CancelAsync();

        Assert.That(async () => await flush.WaitAsync(TestTimeouts.Event), Throws.InstanceOf<OperationCanceledException>());
        transport.HoldFlushes.SetResult();
        await client.SendAsync("b");
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("a")));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("b")));
    }

    [Test]
    public async Task A_flush_waiting_when_the_session_ends_throws()
    {
        var (client, transport, _) = await ConnectAsync();
        await using var _ = client;
        transport.HoldFlushes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await client.SendAsync("a");
        var flush = client.FlushAsync();
        await transport.FlushCalled.Task.WaitAsync(TestTimeouts.Event);
        transport.Break();

        Assert.That(async () => await flush.WaitAsync(TestTimeouts.Event), Throws.InstanceOf<EngineIoException>());
        Assert.That(async () => await client.FlushAsync(), Throws.InstanceOf<EngineIoException>());
    }
}
