using BenchmarkDotNet.Attributes;
using Tusk.SocketIO;

namespace Tusk.Benchmarks;

/// <summary>
/// The cost of observability (issue 18) on the Socket.IO client's per-message paths, through the real stack:
/// <see cref="SocketIoClient"/>, the Engine.IO session and Tusk's WebSocket connection, to an in-process peer over an
/// in-memory stream (<see cref="InMemoryEngineIoTransport"/>). Public API only, so the same source builds against the
/// code before the instruments existed; benchmarks/README.md says how the two builds are compared.
/// Each invocation moves <see cref="Messages"/> messages, so times and allocations are per message.
/// </summary>
[MemoryDiagnoser]
public class SocketIoClientCostBenchmarks
{
    private const int Messages = SocketIoPeer.PushCount;

    private static readonly object?[] s_arguments = ["a message of about forty bytes of text", 42];
    private static readonly object?[] s_push = [Messages];

    private readonly CountdownSignal _ticks = new();
    private TelemetryListeners? _listeners;
    private SocketIoClient _client = null!;
    private SocketIoPeer _peer = null!;

    /// <summary>None: nobody listens (the default for an application without an exporter). All: every Tusk instrument
    /// enabled and every Tusk activity sampled with all data. TUSK_BENCH_LISTENER=None (or All) runs one of them only.</summary>
    [ParamsSource(nameof(Listeners))]
    public string Listener { get; set; } = "None";

    public static IEnumerable<string> Listeners =>
        Environment.GetEnvironmentVariable("TUSK_BENCH_LISTENER") is { Length: > 0 } only ? [only] : ["None", "All"];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _listeners = Listener == "All" ? new TelemetryListeners() : null;
        var transports = new InMemoryEngineIoTransportFactory();
        _client = new SocketIoClient(new Uri("http://bench.invalid/"), new SocketIoClientOptions
        {
            Transports = ["websocket"],
            TransportFactory = transports,
            Protocol = SocketIoProtocol.V5,
            Reconnection = false,
        });
        _client.On("tick", _ => _ticks.Signal());
        await _client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _peer = transports.Last!.Peer!;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync();
        if (_listeners is { } listeners)
        {
            Console.WriteLine($"// telemetry: {listeners.Measurements} measurements, {listeners.ActivitiesStopped} activities stopped");
            listeners.Dispose();
        }
    }

    /// <summary>Emit without ack: event to frame bytes, until the peer has counted them all.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task Emit()
    {
        var received = _peer.Received.Reset(Messages);
        for (var i = 0; i < Messages; i++)
        {
            await _client.EmitAsync("msg", s_arguments);
        }

        await received;
    }

    /// <summary>Emit with ack, one round trip at a time (the socketio.emit activity's path).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task Ack()
    {
        for (var i = 0; i < Messages; i++)
        {
            await _client.EmitWithAckAsync("echo", s_arguments);
        }
    }

    /// <summary>Receive: frame bytes to handler dispatch, for a burst the peer pushes.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task Receive()
    {
        var ticks = _ticks.Reset(Messages);
        await _client.EmitAsync("push", s_push);
        await ticks;
    }
}
