namespace Tusk.Cluster.Tests;

/// <summary>
/// Properties/launchSettings.json reaches this test process: dotnet test applies it (docs/contributing.md, "The test
/// command").
/// </summary>
[TestFixture]
public sealed class TestRunSettingsTests
{
    [Test]
    public void Dotnet_test_gave_this_test_process_the_call_count_threshold()
    {
        Assert.That(Environment.GetEnvironmentVariable("DOTNET_TC_CallCountThreshold"), Is.EqualTo("1000"),
            "run through dotnet test, which applies Properties/launchSettings.json");
    }
}
