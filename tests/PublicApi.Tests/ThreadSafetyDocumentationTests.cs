using System.Reflection;
using System.Xml.Linq;

namespace Tusk.PublicApi.Tests;

/// <summary>
/// Every public class, struct and interface says in its <c>&lt;remarks&gt;</c> what is thread-safe about it, as
/// ManagedWebSocket's remarks do (exceptions, enums and delegates have nothing to say and are left out).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class ThreadSafetyDocumentationTests
{
    private static IEnumerable<TestCaseData> ShippedAssemblies() =>
        ShippedAssemblyList.All.Select(a => new TestCaseData(a).SetArgDisplayNames(a.GetName().Name!));

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Every_public_type_says_what_is_thread_safe(Assembly assembly)
    {
        var documentation = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var remarks = documentation.Descendants("member")
            .Where(m => ((string)m.Attribute("name")!).StartsWith("T:", StringComparison.Ordinal))
            .ToDictionary(m => ((string)m.Attribute("name")!)[2..], m => string.Concat(m.Elements("remarks").Select(r => r.Value)), StringComparer.Ordinal);
        var silent = assembly.GetExportedTypes()
            .Where(t => !t.IsEnum && !t.IsAssignableTo(typeof(Exception)) && !t.IsAssignableTo(typeof(Delegate)))
            .Select(t => t.FullName!.Replace('+', '.'))
            .Where(name => !remarks.TryGetValue(name, out var text) || !text.Contains("thread", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

        Assert.That(silent, Is.Empty, "Say in <remarks> what is thread-safe (e.g. \"Immutable: safe to read from any thread.\").");
    }
}
