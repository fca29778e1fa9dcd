using Tusk.Cluster.Tests.Infrastructure;

namespace Tusk.Cluster.Tests;

/// <summary>
/// The test infrastructure's own start-up wait. A short program that prints its ready line and exits at once (the
/// python prerequisite check) is ready, whichever of the two the wait sees first.
/// </summary>
[TestFixture]
public sealed class ChildProcessTests
{
    [Test]
    public async Task AProgramThatPrintsItsReadyLineAndExits_IsReady_EveryTime()
    {
        // The exit often completes before the ready line's asynchronous continuation runs: a CI run failed all 16
        // python tests on this once. 100 starts made the old race show on every run tried; each takes a few milliseconds.
        for (var i = 0; i < 100; i++)
        {
            await using var process = await ChildProcess.StartAsync(
                "quick check", "/bin/sh", ["-c", "echo READY"], Environment.CurrentDirectory,
                ReadyCondition.Line("READY"), CancellationToken.None);
            Assert.That(process.ReadyLine, Is.EqualTo("READY"), $"start {i}");
        }
    }

    [Test]
    public void AProgramThatExitsWithoutItsReadyLine_Fails_WithItsExitCodeAndOutput()
    {
        var failure = Assert.ThrowsAsync<ClusterEnvironmentException>(async () => await ChildProcess.StartAsync(
            "broken check", "/bin/sh", ["-c", "echo something else; exit 3"], Environment.CurrentDirectory,
            ReadyCondition.Line("READY"), CancellationToken.None, failureHint: "the hint"));
        Assert.That(failure!.Message, Does.Contain("exited with code 3").And.Contain("something else").And.Contain("the hint"));
    }
}
