using PublicApiGenerator;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// Pins the public API of Tusk.SocketIO (other layers build on it): a change must update PublicApi.approved.txt
/// on purpose.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void PublicApi_MatchesTheApprovedFile()
    {
        var api = typeof(SocketIoClient).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(TestContext.CurrentContext.TestDirectory, "PublicApi.approved.txt");

        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");

        Assert.That(api, Is.EqualTo(approved), "Public API changed; if intended, copy the new API into tests/SocketIO.Tests/PublicApi.approved.txt:\n" + api);
    }
}
