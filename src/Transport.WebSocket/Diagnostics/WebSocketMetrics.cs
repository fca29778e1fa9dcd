using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Tusk.Transport.WebSocket.Diagnostics;

/// <summary>
/// The instruments of the WebSocket layer, on a meter from <see cref="WebSocketConnectionOptions.MeterFactory"/> or,
/// without one, on one process-wide meter. Callers check <see cref="Instrument.Enabled"/> before measuring.
/// </summary>
internal sealed class WebSocketMetrics
{
    public const string MessageTypeTag = "websocket.message.type";

    private static readonly ConditionalWeakTable<IMeterFactory, WebSocketMetrics> ByFactory = new();
    private static readonly Lazy<WebSocketMetrics> Shared = new(() => new WebSocketMetrics(new Meter(CreateMeterOptions())));

    private WebSocketMetrics(Meter meter)
    {
        Connections = meter.CreateUpDownCounter<long>("websocket.client.connections", "{connection}", "Open WebSocket connections.");
        MessagesSent = meter.CreateCounter<long>("websocket.client.messages.sent", "{message}", "Messages queued for sending.");
        MessagesReceived = meter.CreateCounter<long>("websocket.client.messages.received", "{message}", "Messages received (a streamed one when its last part arrives).");
        BytesSent = meter.CreateCounter<long>("websocket.client.bytes.sent", "By", "Payload bytes of the messages queued for sending, before compression and framing.");
        BytesReceived = meter.CreateCounter<long>("websocket.client.bytes.received", "By", "Payload bytes received, after decompression.");
    }

    public UpDownCounter<long> Connections { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> BytesSent { get; }

    public Counter<long> BytesReceived { get; }

    public static WebSocketMetrics For(IMeterFactory? factory) =>
        factory is null ? Shared.Value : ByFactory.GetValue(factory, static f => new WebSocketMetrics(f.Create(CreateMeterOptions())));

    public static KeyValuePair<string, object?> TypeTag(WebSocketMessageKind kind) =>
        new(MessageTypeTag, kind == WebSocketMessageKind.Text ? "text" : "binary");

    private static MeterOptions CreateMeterOptions() =>
        new(WebSocketDiagnostics.MeterName) { Version = typeof(WebSocketMetrics).Assembly.GetName().Version?.ToString() };
}
