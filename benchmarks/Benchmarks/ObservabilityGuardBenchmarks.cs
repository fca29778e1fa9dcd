using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Tusk.Benchmarks;

/// <summary>
/// What issue 18's instruments add to a message's path while nobody listens, in isolation: the checks the code makes
/// before measuring (<see cref="Instrument.Enabled"/>, <see cref="ActivitySource.HasListeners"/>), as many as each path
/// makes (counted in the source, listed in benchmarks/README.md), on a meter and a source nobody listens to. Single
/// threaded and allocation-free, so this resolves fractions of a nanosecond where the whole path
/// (<see cref="SocketIoClientCostBenchmarks"/>) varies by tens of percent on a shared machine; the ratio of the two
/// bounds the no-listener cost.
/// </summary>
public class ObservabilityGuardBenchmarks
{
    private readonly Meter _meter = new("Tusk.Benchmarks.Guards");
    private readonly ActivitySource _source = new("Tusk.Benchmarks.Guards");
    private Counter<long> _socketIoSent = null!;
    private Counter<long> _socketIoReceived = null!;
    private Counter<long> _engineIoMessages = null!;
    private Counter<long> _engineIoBytes = null!;
    private Counter<long> _webSocketMessages = null!;
    private Counter<long> _webSocketBytes = null!;
    private Histogram<double> _ackDuration = null!;
    private Counter<long> _ackTimeouts = null!;
    private UpDownCounter<long> _pendingAcks = null!;
    private bool _counted;

    [GlobalSetup]
    public void Setup()
    {
        _socketIoSent = _meter.CreateCounter<long>("sent");
        _socketIoReceived = _meter.CreateCounter<long>("received");
        _engineIoMessages = _meter.CreateCounter<long>("eio.messages");
        _engineIoBytes = _meter.CreateCounter<long>("eio.bytes");
        _webSocketMessages = _meter.CreateCounter<long>("ws.messages");
        _webSocketBytes = _meter.CreateCounter<long>("ws.bytes");
        _ackDuration = _meter.CreateHistogram<double>("ack.duration");
        _ackTimeouts = _meter.CreateCounter<long>("ack.timeouts");
        _pendingAcks = _meter.CreateUpDownCounter<long>("acks.pending");
        _counted = _pendingAcks.Enabled; // an entry registered while nobody listened is not counted
    }

    /// <summary>An emit's send path: Socket.IO messages sent; Engine.IO messages or bytes sent; WebSocket the same.</summary>
    [Benchmark]
    public bool EmitChecks() => Send();

    /// <summary>A received event: WebSocket messages or bytes received; Engine.IO the same; Socket.IO messages received.</summary>
    [Benchmark]
    public bool ReceiveChecks() => Receive();

    /// <summary>An ack round trip: the send path, the choice of the observed attempt (source, ack duration, ack
    /// timeouts; one call more), pending acks when registered and when taken, and the receive path of the answer.</summary>
    [Benchmark]
    public bool AckRoundTripChecks()
    {
        var observed = _source.HasListeners() || _ackDuration.Enabled || _ackTimeouts.Enabled;
        var attempt = Attempt(observed, 1, "echo", null, null, 1, default);
        var registered = _pendingAcks.Enabled;
        var sent = Send();
        var received = Receive();
        var taken = _counted;
        return attempt | registered | sent | received | taken;
    }

    private bool Send() =>
        _socketIoSent.Enabled | (_engineIoMessages.Enabled || _engineIoBytes.Enabled) | (_webSocketMessages.Enabled || _webSocketBytes.Enabled);

    private bool Receive() =>
        (_webSocketMessages.Enabled || _webSocketBytes.Enabled) | (_engineIoMessages.Enabled || _engineIoBytes.Enabled) | _socketIoReceived.Enabled;

    // The non-async AttemptAsync that chooses between the observed and the plain attempt: one call with its arguments.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Attempt(bool observed, long id, string eventName, object?[]? arguments, TimeSpan? timeout, int attempt, CancellationToken cancellationToken) =>
        observed && id == attempt && eventName.Length == 0 && arguments is null && timeout is null && cancellationToken.CanBeCanceled;
}
