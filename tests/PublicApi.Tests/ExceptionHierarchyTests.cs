using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Tusk.EngineIO;
using Tusk.SocketIO;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.PublicApi.Tests;

/// <summary>
/// One exception family per layer (docs/errors.md): every public exception type of a shipped assembly derives from its
/// layer's base exception, which alone derives straight from <see cref="Exception"/>; what the public members document
/// that they throw is the family or a standard exception; the errors page names every family member.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class ExceptionHierarchyTests
{
    /// <summary>Each shipped assembly's family base; <see langword="null"/> for one that defines no exceptions.</summary>
    private static readonly Dictionary<string, Type?> LayerBase = new(StringComparer.Ordinal)
    {
        ["Tusk.Transport.WebSocket"] = typeof(WebSocketTransportException),
        ["Tusk.Transport.Polling"] = typeof(PollingTransportException),
        ["Tusk.EngineIO"] = typeof(EngineIoException),
        ["Tusk.SocketIO"] = typeof(SocketIoException),
        ["Tusk.SocketIO.MessagePack"] = typeof(SocketIoException),
        ["Tusk.Extensions.DependencyInjection"] = null,
    };

    /// <summary>Family members that are a standard exception first (the family base cannot be both).</summary>
    private static readonly Dictionary<Type, Type> StandardBased = new()
    {
        [typeof(SocketIoAckTimeoutException)] = typeof(TimeoutException),
    };

    /// <summary>The standard exceptions a public member may document besides its layer's family.</summary>
    private static readonly Type[] Standard =
    [
        typeof(ArgumentException), typeof(InvalidOperationException), typeof(OperationCanceledException), typeof(TimeoutException),
        typeof(NotSupportedException), typeof(JsonException), typeof(OptionsValidationException),
        typeof(SocketException), typeof(AuthenticationException),
    ];

    private static IEnumerable<TestCaseData> ShippedAssemblies() =>
        ShippedAssemblyList.All.Select(a => new TestCaseData(a).SetArgDisplayNames(a.GetName().Name!));

    [Test]
    public void Every_shipped_assembly_has_a_layer_entry() =>
        Assert.That(LayerBase.Keys, Is.EquivalentTo(ShippedAssemblyList.All.Select(a => a.GetName().Name!)));

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Every_public_exception_derives_from_its_layers_base(Assembly assembly)
    {
        var layerBase = LayerBase[assembly.GetName().Name!];
        var strays = PublicExceptions(assembly)
            .Where(type => !(type == layerBase && type.BaseType == typeof(Exception)))
            .Where(type => !(layerBase is not null && type.IsSubclassOf(layerBase)))
            .Where(type => !(StandardBased.TryGetValue(type, out var standard) && type.IsSubclassOf(standard)))
            .Select(type => $"{type.FullName} : {type.BaseType?.FullName}");

        Assert.That(strays, Is.Empty, $"Every public exception of {assembly.GetName().Name} must derive from {layerBase?.Name ?? "(none: this assembly defines no exceptions)"}.");
    }

    [Test]
    public void Only_the_layer_bases_derive_straight_from_Exception()
    {
        var direct = ShippedAssemblyList.All.SelectMany(PublicExceptions).Where(type => type.BaseType == typeof(Exception));

        Assert.That(direct, Is.EquivalentTo(LayerBase.Values.OfType<Type>().Distinct()));
    }

    [TestCaseSource(nameof(ShippedAssemblies))]
    public void Public_members_document_only_their_family_and_standard_exceptions(Assembly assembly)
    {
        var layerBases = LayerBase.Values.OfType<Type>().Distinct().ToArray();
        var allowed = (Type type) =>
            Standard.Any(type.IsAssignableTo) || layerBases.Any(type.IsAssignableTo) || StandardBased.ContainsKey(type);
        var documentation = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var offending = new List<string>();
        foreach (var member in documentation.Descendants("member"))
        {
            var id = (string)member.Attribute("name")!;
            if (!IsPublic(assembly, id))
            {
                continue;
            }

            foreach (var cref in member.Elements("exception").Select(e => (string)e.Attribute("cref")!))
            {
                var type = ResolveType(cref[2..]);
                if (type is null || !allowed(type))
                {
                    offending.Add($"{id}: {cref}");
                }
            }
        }

        Assert.That(offending, Is.Empty, "A public member documents an exception outside the families and the standard exceptions of docs/errors.md.");
    }

    [Test]
    public void The_errors_page_names_every_public_exception()
    {
        var page = File.ReadAllText(Path.Combine(DocsDirectory(), "errors.md"));
        var missing = ShippedAssemblyList.All.SelectMany(PublicExceptions).Select(type => type.Name).Where(name => !page.Contains(name, StringComparison.Ordinal));

        Assert.That(missing, Is.Empty);
    }

    private static IEnumerable<Type> PublicExceptions(Assembly assembly) =>
        assembly.GetExportedTypes().Where(type => type.IsAssignableTo(typeof(Exception)));

    /// <summary>Whether a documentation id (<c>M:Ns.Type.Method(...)</c>, <c>P:...</c>, <c>T:...</c>) names something public.</summary>
    private static bool IsPublic(Assembly assembly, string id)
    {
        var name = id[2..];
        var parenthesis = name.IndexOf('(', StringComparison.Ordinal);
        if (parenthesis >= 0)
        {
            name = name[..parenthesis];
        }

        if (id[0] == 'T')
        {
            return assembly.GetType(name.Replace('.', '+'), throwOnError: false) is { IsVisible: true } || assembly.GetType(name) is { IsVisible: true };
        }

        var dot = name.LastIndexOf('.');
        var declaring = FindType(assembly, name[..dot]);
        var memberName = name[(dot + 1)..].Replace('#', '.');
        var arity = memberName.IndexOf("``", StringComparison.Ordinal);
        if (arity >= 0)
        {
            memberName = memberName[..arity];
        }

        return declaring is { IsVisible: true } &&
            declaring.GetMember(memberName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length > 0;
    }

    /// <summary>A type by its documentation name, where nested types are separated by dots too.</summary>
    private static Type? FindType(Assembly assembly, string name)
    {
        if (assembly.GetType(name) is { } type)
        {
            return type;
        }

        var dot = name.LastIndexOf('.');
        return dot < 0 || FindType(assembly, name[..dot]) is not { } outer ? null : outer.GetNestedType(name[(dot + 1)..], BindingFlags.Public | BindingFlags.NonPublic);
    }

    private static Type? ResolveType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => FindType(a, name)).FirstOrDefault(t => t is not null);

    private static string DocsDirectory() =>
        typeof(ExceptionHierarchyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "DocsDirectory").Value!;
}
