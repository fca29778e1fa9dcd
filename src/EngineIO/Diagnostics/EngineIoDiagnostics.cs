namespace Tusk.EngineIO;

/// <summary>
/// The names under which the Engine.IO client publishes its metrics and traces (also when it runs under the Socket.IO
/// client), for <c>AddMeter</c>/<c>AddSource</c> in OpenTelemetry and <c>dotnet-counters</c>. docs/observability.md
/// lists every instrument and activity.
/// </summary>
/// <remarks>Thread safety: constants only; safe to read from any thread.</remarks>
public static class EngineIoDiagnostics
{
    /// <summary>The meter's name: <c>Tusk.EngineIO</c>.</summary>
    public const string MeterName = "Tusk.EngineIO";

    /// <summary>The activity source's name: <c>Tusk.EngineIO</c>.</summary>
    public const string ActivitySourceName = "Tusk.EngineIO";
}
