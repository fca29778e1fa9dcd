namespace Tusk.Transport.WebSocket;

/// <summary>
/// The name of the meter the WebSocket client publishes its metrics on (also when it carries Engine.IO), for
/// <c>AddMeter</c> in OpenTelemetry and <c>dotnet-counters</c>. docs/observability.md lists every instrument.
/// </summary>
/// <remarks>Thread safety: constants only; safe to read from any thread.</remarks>
public static class WebSocketDiagnostics
{
    /// <summary>The meter's name: <c>Tusk.Transport.WebSocket</c>.</summary>
    public const string MeterName = "Tusk.Transport.WebSocket";
}
