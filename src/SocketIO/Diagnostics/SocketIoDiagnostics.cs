namespace Tusk.SocketIO;

/// <summary>
/// The names under which the Socket.IO client publishes its metrics (<see cref="System.Diagnostics.Metrics.Meter"/>) and
/// traces (<see cref="System.Diagnostics.ActivitySource"/>), for <c>AddMeter</c>/<c>AddSource</c> in OpenTelemetry and
/// for <c>dotnet-counters monitor --counters</c>. docs/observability.md lists every instrument and activity.
/// </summary>
/// <remarks>Thread safety: constants only; safe to read from any thread.</remarks>
public static class SocketIoDiagnostics
{
    /// <summary>The meter's name: <c>Tusk.SocketIO</c>.</summary>
    public const string MeterName = "Tusk.SocketIO";

    /// <summary>The activity source's name: <c>Tusk.SocketIO</c>.</summary>
    public const string ActivitySourceName = "Tusk.SocketIO";
}
