using System.Text.Json;

namespace Tusk.Cli.Tests;

/// <summary>
/// The runtime settings tusk ships with (docs/cli.md, "How tusk runs"): they are in the runtimeconfig.json that goes
/// next to tusk.dll, in the build output and in the tool package alike.
/// </summary>
[TestFixture]
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "tusk.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Test]
    public void Idle_thread_pool_workers_do_not_spin()
    {
        Assert.That(ConfigProperties().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32(), Is.Zero);
    }

    [Test]
    public void There_is_no_instrumented_tier()
    {
        Assert.That(ConfigProperties().GetProperty("System.Runtime.TieredPGO").GetBoolean(), Is.False);
    }

    [Test]
    public void The_garbage_collector_is_the_workstation_one_without_background_collections()
    {
        var properties = ConfigProperties();
        Assert.That(properties.GetProperty("System.GC.Server").GetBoolean(), Is.False);
        Assert.That(properties.GetProperty("System.GC.Concurrent").GetBoolean(), Is.False);
    }
}
