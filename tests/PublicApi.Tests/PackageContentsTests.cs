using System.Reflection;

namespace Tusk.PublicApi.Tests;

/// <summary>What each package needs besides its code: a description, its README and XML docs.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class PackageContentsTests
{
    private static IEnumerable<TestCaseData> ShippedAssemblies() =>
        ShippedAssemblyList.All.Select(a => new TestCaseData(a).SetArgDisplayNames(a.GetName().Name!));

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Has_a_description(Assembly assembly)
    {
        var description = assembly.GetCustomAttribute<AssemblyDescriptionAttribute>()?.Description;

        Assert.That(description, Is.Not.Null.And.Length.GreaterThan(20), "Set <Description> in the project: it becomes the package's description.");
    }

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Has_a_package_readme(Assembly assembly)
    {
        var folder = assembly.GetName().Name!["Tusk.".Length..];
        var readme = Path.Combine(SourceDirectory(), folder, "README.md");

        Assert.That(File.Exists(readme), Is.True, $"{readme} is packed as the package's README (PackageReadmeFile).");
    }

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Ships_xml_documentation(Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");

        Assert.That(File.Exists(xml), Is.True, $"{xml} is missing: GenerateDocumentationFile must stay on for src/.");
    }

    private static string SourceDirectory() =>
        typeof(PackageContentsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SourceDirectory").Value!;
}
