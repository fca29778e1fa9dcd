namespace Tusk.EngineIO.Tests;

/// <summary>Upper bounds for awaited events; generous because the machine is shared, never used as sleeps.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(10);
}
