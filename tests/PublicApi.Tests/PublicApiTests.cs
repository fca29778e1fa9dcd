using System.Reflection;
using PublicApiGenerator;

namespace Tusk.PublicApi.Tests;

/// <summary>
/// Each shipped assembly's public API must equal its committed approved file, so that an API change is always a
/// reviewed change of approved/*.approved.txt.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class PublicApiTests
{
    /// <summary>Set to 1 to write the current API into the approved files instead of comparing.</summary>
    private const string ApproveVariable = "TUSK_APPROVE_PUBLIC_API";

    private static readonly Assembly[] Shipped = ShippedAssemblyList.All;

    private static IEnumerable<TestCaseData> ShippedAssemblies() =>
        Shipped.Select(a => new TestCaseData(a).SetArgDisplayNames(a.GetName().Name!));

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Public_api_matches_the_approved_file(Assembly assembly)
    {
        var name = assembly.GetName().Name!;
        var approvedPath = Path.Combine(ApprovedDirectory(), name + ".approved.txt");
        var receivedPath = Path.Combine(ApprovedDirectory(), name + ".received.txt");
        var current = CurrentApi(assembly);
        if (Approving)
        {
            File.WriteAllText(approvedPath, current);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (approved == current)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, current);
        Assert.Fail(
            (approved is null ? $"{approvedPath} does not exist yet. " : $"The public API of {name} differs from {approvedPath}. ") +
            $"The current API is in {receivedPath}; diff the two. If the change is intended, approve it by moving " +
            $"the .received.txt over the .approved.txt, or approve every assembly at once with " +
            $"`{ApproveVariable}=1 dotnet test tests/PublicApi.Tests`, and commit the approved file.");
    }

    [Test]
    public void Every_shipped_assembly_has_an_approved_file_and_no_other_file_is_approved()
    {
        if (Approving)
        {
            Array.ForEach(Shipped, a => File.WriteAllText(Path.Combine(ApprovedDirectory(), a.GetName().Name + ".approved.txt"), CurrentApi(a)));
        }

        var expected = Shipped.Select(a => a.GetName().Name + ".approved.txt").Order(StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(ApprovedDirectory(), "*.approved.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.That(present, Is.EqualTo(expected));
    }

    private static bool Approving => Environment.GetEnvironmentVariable(ApproveVariable) == "1";

    // Assembly attributes are build details, not API. Nothing is denied by namespace: the DI package puts its
    // extension methods in Microsoft.Extensions.DependencyInjection, which the generator would skip by default.
    // An async iterator's AsyncIteratorStateMachine attribute names a compiler-generated type whose number changes
    // whenever a method is added to the class: an implementation detail, like AsyncStateMachine (which the generator
    // already leaves out). Its [EnumeratorCancellation] parameter attribute stays: it is part of how callers use it.
    private static string CurrentApi(Assembly assembly) =>
        Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            DenyNamespacePrefixes = [],
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"],
        }));

    private static string ApprovedDirectory() =>
        typeof(PublicApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ApprovedDirectory").Value!;

    // Git may check the files out with CRLF; the comparison is about the API, not the line endings.
    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";
}
