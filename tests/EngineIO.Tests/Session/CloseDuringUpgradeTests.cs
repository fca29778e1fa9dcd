using System.Threading.Tasks.Sources;
using Tusk.EngineIO.Tests.Integration;
using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// A server close that arrives while the upgrade pauses the old transport. The close packet waits (bounded) for a
/// write in flight, so that a write the server dropped ends the session as that error; the upgrade, holding the send
/// gate, waits for the receive loop to pause. Once the upgrade holds the gate no write can be in flight, so the close
/// must go on at once: it used to wait out the whole bound (5 s) for the gate the upgrade held, and the application
/// (a Socket.IO reconnection, say) heard of the lost session 5 s late. On a fake clock, which the test never moves.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CloseDuringUpgradeTests
{
    private const string Handshake = """{"sid":"up","upgrades":["memory2"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""";

    // How long a close packet may wait for a write in flight (EngineIoClient.MaxWriteSettle).
    private static readonly TimeSpan WriteSettle = TimeSpan.FromSeconds(5);

    [Test]
    public async Task A_close_waiting_behind_the_upgrades_pause_ends_the_session_without_waiting_out_the_write_bound()
    {
        var factory = new InMemoryTransportFactory();
        var first = factory.Prepare("memory");
        var probe = new HeldProbeTransport();
        var clock = new FakeClock();
        var options = new EngineIoClientOptions
        {
            Version = EngineIoVersion.V4,
            Transports = ["memory", "memory2"],
            TransportFactory = new ProbeFactory(factory, probe),
            Connection = { TimeProvider = clock },
        };
        var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        try
        {
            await CloseDuringThePauseAsync(client, first, probe, clock);
        }
        finally
        {
            // Had the close stayed stuck, its waits are on the fake clock: let them pass so the client can be disposed.
            if (client.CloseReason is null)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
            }

            await client.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Event);
        }
    }

    private static async Task CloseDuringThePauseAsync(EngineIoClient client, InMemoryTransport first, HeldProbeTransport probe, FakeClock clock)
    {
        first.ServerOpens(Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        // A write in flight on the old transport holds the send gate.
        var releaseWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.HoldSends = releaseWrite;
        await client.SendAsync("in flight").AsTask().WaitAsync(TestTimeouts.Event);
        await first.SendHeld.Task.WaitAsync(TestTimeouts.Event);

        // The probe is answered on this thread: the upgrade runs inline up to its wait for the send gate, so it is
        // first in line for the gate when this call returns.
        await probe.Awaited.Task.WaitAsync(TestTimeouts.Event);
        probe.AnswerProbe();

        // The server closes the session; its close packet waits for the gate too, behind the upgrade.
        first.ServerSends(new EngineIoPacket(EngineIoPacketType.Close));
        await clock.WhenArmedAsync(WriteSettle).WaitAsync(TestTimeouts.Event);

        // The write ends: the upgrade takes the gate to pause the old transport. Nothing is in flight any more.
        releaseWrite.TrySetResult();

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.ServerClose));
        var upgrade = await client.UpgradeCompletion.WaitAsync(TestTimeouts.Event);
        Assert.That(upgrade.Status, Is.EqualTo(EngineIoUpgradeStatus.Failed));
        Assert.That(upgrade.Exception!.Message, Does.Not.Contain("did not complete within"), "the upgrade did not time out: the session ended");
        Assert.That(probe.Disposed, Is.True, "the probe is not left open");
    }

    private sealed class ProbeFactory(InMemoryTransportFactory inner, HeldProbeTransport probe) : IEngineIoTransportFactory
    {
        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
            name == probe.Name ? probe : inner.CreateTransport(name, context);
    }

    /// <summary>
    /// A probe whose answer to 2probe the test gives once the upgrade awaits it, and whose continuation then runs on the
    /// test's thread (a value-task source that does not force continuations onto the thread pool).
    /// </summary>
    private sealed class HeldProbeTransport : IEngineIoTransport, IValueTaskSource<IReadOnlyList<EngineIoPacket>>
    {
        private ManualResetValueTaskSourceCore<IReadOnlyList<EngineIoPacket>> _answer;
        private int _receives;

        /// <summary>Completes once the upgrade awaits the answer to its probe.</summary>
        public TaskCompletionSource Awaited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }

        public string Name => "memory2";

        public void AnswerProbe() => _answer.SetResult([new EngineIoPacket(EngineIoPacketType.Pong, "probe")]);

        public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _receives) == 1
                ? new ValueTask<IReadOnlyList<EngineIoPacket>>(this, _answer.Version)
                : WaitForCancellationAsync(cancellationToken);

        public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }

        IReadOnlyList<EngineIoPacket> IValueTaskSource<IReadOnlyList<EngineIoPacket>>.GetResult(short token) => _answer.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<IReadOnlyList<EngineIoPacket>>.GetStatus(short token) => _answer.GetStatus(token);

        void IValueTaskSource<IReadOnlyList<EngineIoPacket>>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            _answer.OnCompleted(continuation, state, token, flags);
            Awaited.TrySetResult();
        }

        private static async ValueTask<IReadOnlyList<EngineIoPacket>> WaitForCancellationAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
