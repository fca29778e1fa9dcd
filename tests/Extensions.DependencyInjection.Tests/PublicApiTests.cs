using Microsoft.Extensions.DependencyInjection;
using PublicApiGenerator;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>Pins the public API of Tusk.Extensions.DependencyInjection: a change must update PublicApi.approved.txt on purpose.</summary>
[TestFixture]
public sealed class PublicApiTests
{
    [Test]
    public void PublicApi_MatchesTheApprovedFile()
    {
        var api = typeof(ISocketIoClientBuilder).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],

            // The extension methods live in Microsoft.Extensions.DependencyInjection, which the generator skips by default.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
        }).ReplaceLineEndings("\n");
        var approved = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "PublicApi.approved.txt")).ReplaceLineEndings("\n");

        Assert.That(api, Is.EqualTo(approved), "Public API changed; if intended, copy it into tests/Extensions.DependencyInjection.Tests/PublicApi.approved.txt:\n" + api);
    }
}
