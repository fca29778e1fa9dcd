namespace Tusk.EngineIO.Diagnostics;

/// <summary>The names of the Engine.IO layer's activities (source <see cref="EngineIoMetrics.Source"/>).</summary>
internal static class EngineIoActivities
{
    public const string Upgrade = "engineio.upgrade";
}
