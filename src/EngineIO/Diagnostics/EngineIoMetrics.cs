using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Tusk.EngineIO.Diagnostics;

/// <summary>
/// The instruments and the activity source of the Engine.IO layer, on a meter from
/// <see cref="EngineIoConnectionOptions.MeterFactory"/> or, without one, on one process-wide meter. Callers check
/// <see cref="Instrument.Enabled"/> before measuring.
/// </summary>
internal sealed class EngineIoMetrics
{
    public const string TransportTag = "engineio.transport";
    public const string VersionTag = "engineio.version";
    public const string UpgradeResultTag = "engineio.upgrade.result";
    public const string ErrorTypeTag = "error.type";

    private static readonly ConditionalWeakTable<IMeterFactory, EngineIoMetrics> ByFactory = new();
    private static readonly Lazy<EngineIoMetrics> Shared = new(() => new EngineIoMetrics(new Meter(CreateMeterOptions())));

    private EngineIoMetrics(Meter meter)
    {
        Sessions = meter.CreateUpDownCounter<long>("engineio.client.sessions", "{session}", "Open Engine.IO sessions.");
        MessagesSent = meter.CreateCounter<long>("engineio.client.messages.sent", "{message}", "Messages queued for sending.");
        MessagesReceived = meter.CreateCounter<long>("engineio.client.messages.received", "{message}", "Messages received.");
        BytesSent = meter.CreateCounter<long>("engineio.client.bytes.sent", "By", "Payload bytes of the messages queued for sending (UTF-8 for text), before Engine.IO framing.");
        BytesReceived = meter.CreateCounter<long>("engineio.client.bytes.received", "By", "Payload bytes of the messages received (UTF-8 for text), after Engine.IO framing is removed.");
        Upgrades = meter.CreateCounter<long>("engineio.client.upgrades", "{upgrade}", "Transport upgrades tried, by result.");
    }

    /// <summary>The Engine.IO layer's activity source (<c>engineio.upgrade</c>).</summary>
    public static ActivitySource Source { get; } = new(EngineIoDiagnostics.ActivitySourceName, typeof(EngineIoMetrics).Assembly.GetName().Version?.ToString());

    public UpDownCounter<long> Sessions { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> BytesSent { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> Upgrades { get; }

    public static EngineIoMetrics For(IMeterFactory? factory) =>
        factory is null ? Shared.Value : ByFactory.GetValue(factory, static f => new EngineIoMetrics(f.Create(CreateMeterOptions())));

    /// <summary>Counts one message and its payload bytes, tagged with the transport it goes or came over.</summary>
    public static void CountMessage(Counter<long> messages, Counter<long> bytes, EngineIoPacket packet, string? transport)
    {
        var tag = new KeyValuePair<string, object?>(TransportTag, transport);
        if (messages.Enabled)
        {
            messages.Add(1, tag);
        }

        if (bytes.Enabled)
        {
            bytes.Add(packet.PayloadByteCount, tag);
        }
    }

    private static MeterOptions CreateMeterOptions() =>
        new(EngineIoDiagnostics.MeterName) { Version = typeof(EngineIoMetrics).Assembly.GetName().Version?.ToString() };
}
