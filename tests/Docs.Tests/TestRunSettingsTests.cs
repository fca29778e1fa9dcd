using System.Text.Json;

namespace Tusk.Docs.Tests;

/// <summary>docs/contributing.md: the launch settings of two test projects give their test process a call-count threshold.</summary>
[TestFixture]
public sealed class TestRunSettingsTests
{
    private const string Variable = "DOTNET_TC_CallCountThreshold";
    private const string Value = "1000";

    [TestCase("EngineIO.Tests")]
    [TestCase("Transport.WebSocket.Tests")]
    public void The_launch_settings_set_the_call_count_threshold(string project)
    {
        var path = Path.Combine(Repository.Root, "tests", project, "Properties", "launchSettings.json");

        using var settings = JsonDocument.Parse(File.ReadAllText(path));
        var profile = settings.RootElement.GetProperty("profiles").GetProperty(project);

        Assert.That(profile.GetProperty("commandName").GetString(), Is.EqualTo("Project"));
        Assert.That(profile.GetProperty("environmentVariables").GetProperty(Variable).GetString(), Is.EqualTo(Value));
    }

    [Test]
    public void The_contributing_page_says_so()
    {
        var page = File.ReadAllText(Repository.Full("docs/contributing.md"));

        Assert.That(page, Does.Contain($"`{Variable}={Value}`").And.Contain("`tests/EngineIO.Tests` and `tests/Transport.WebSocket.Tests`"));
    }
}
