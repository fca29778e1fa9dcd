using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Tusk.SocketIO.Diagnostics;

/// <summary>
/// The instruments of the Socket.IO layer, on a meter from the application's <see cref="IMeterFactory"/>
/// (<see cref="EngineIO.EngineIoConnectionOptions.MeterFactory"/>) or, without one, on one process-wide meter.
/// Callers check <see cref="Instrument.Enabled"/> before measuring, so that an instrument nobody listens to costs
/// one field read on the hot paths.
/// </summary>
internal sealed class SocketIoMetrics
{
    // OpenTelemetry's advice for request durations (as HttpClient and Kestrel use), in seconds.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly ConditionalWeakTable<IMeterFactory, SocketIoMetrics> ByFactory = new();
    private static readonly Lazy<SocketIoMetrics> Shared = new(() => new SocketIoMetrics(new Meter(CreateMeterOptions())));

    private SocketIoMetrics(Meter meter)
    {
        var durationAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };
        Connections = meter.CreateUpDownCounter<long>(
            "socketio.client.connections", "{connection}", "Open connections to socket.io servers (one per client, shared by its namespaces).");
        ConnectDuration = meter.CreateHistogram(
            "socketio.client.connect.duration", "s", "How long connecting a namespace took, opening the connection included.", advice: durationAdvice);
        ReconnectAttempts = meter.CreateCounter<long>(
            "socketio.client.reconnect.attempts", "{attempt}", "Reconnection attempts; error.type is set on those that failed.");
        Disconnects = meter.CreateCounter<long>(
            "socketio.client.disconnects", "{disconnect}", "Namespace sockets that were connected and disconnected, by reason.");
        MessagesSent = meter.CreateCounter<long>(
            "socketio.client.messages.sent", "{message}", "Events and acknowledgements handed to the connection.");
        MessagesReceived = meter.CreateCounter<long>(
            "socketio.client.messages.received", "{message}", "Events and acknowledgements received.");
        AckDuration = meter.CreateHistogram(
            "socketio.client.ack.duration", "s", "From an emit that asks for an acknowledgement to its answer (or its failure).", advice: durationAdvice);
        AckTimeouts = meter.CreateCounter<long>(
            "socketio.client.ack.timeouts", "{timeout}", "Acknowledgements that did not come within their timeout.");
        PendingAcks = meter.CreateUpDownCounter<long>(
            "socketio.client.acks.pending", "{ack}", "Emits waiting for their acknowledgement.");
        BufferedEmits = meter.CreateCounter<long>(
            "socketio.client.emits.buffered", "{emit}", "Emits made while disconnected and kept in the send buffer for the next connection.");
    }

    public UpDownCounter<long> Connections { get; }

    public Histogram<double> ConnectDuration { get; }

    public Counter<long> ReconnectAttempts { get; }

    public Counter<long> Disconnects { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> MessagesReceived { get; }

    public Histogram<double> AckDuration { get; }

    public Counter<long> AckTimeouts { get; }

    public UpDownCounter<long> PendingAcks { get; }

    public Counter<long> BufferedEmits { get; }

    /// <summary>The instruments on the factory's meter (one set per factory), or on the process-wide meter.</summary>
    public static SocketIoMetrics For(IMeterFactory? factory) =>
        factory is null ? Shared.Value : ByFactory.GetValue(factory, static f => new SocketIoMetrics(f.Create(CreateMeterOptions())));

    private static MeterOptions CreateMeterOptions() =>
        new(SocketIoDiagnostics.MeterName) { Version = typeof(SocketIoMetrics).Assembly.GetName().Version?.ToString() };
}
