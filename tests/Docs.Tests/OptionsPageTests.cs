using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Tusk.EngineIO;
using Tusk.SocketIO;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.Docs.Tests;

/// <summary>
/// <c>docs/options.md</c> has one table per options class, and each table lists exactly the public properties of its
/// class: a member added, removed or moved (to <c>Connection</c>, say) cannot leave the page behind.
/// </summary>
[TestFixture]
public sealed partial class OptionsPageTests
{
    private const string Page = "docs/options.md";

    private static readonly Type[] OptionsClasses =
    [
        typeof(SocketIoClientOptions), typeof(EngineIoClientOptions), typeof(EngineIoConnectionOptions),
        typeof(PollingClientOptions), typeof(WebSocketClientOptions), typeof(WebSocketConnectionOptions),
    ];

    [TestCaseSource(nameof(OptionsClasses))]
    public void The_table_of_an_options_class_lists_exactly_its_public_properties(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

        Assert.That(DocumentedOptions(type.Name), Is.EquivalentTo(properties));
    }

    [Test]
    public void Engine_io_connection_settings_bind_from_configuration_under_Connection_as_the_page_says()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connection:UserAgent"] = "my-tool/1.0",
            ["Connection:Headers:X-Tenant"] = "blue",
            ["Connection:KeepAlive"] = "false",
            ["Path"] = "/socket.io",
        }).Build();
        var options = new EngineIoClientOptions();

        configuration.Bind(options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Connection.UserAgent, Is.EqualTo("my-tool/1.0"));
            Assert.That(options.Connection.Headers["x-tenant"], Is.EqualTo("blue"));
            Assert.That(options.Connection.KeepAlive, Is.False);
            Assert.That(options.Path, Is.EqualTo("/socket.io"));
            Assert.That(MarkdownDocument.ReadLines(Page), Has.Some.Contains("`Connection:UserAgent`"));
        });
    }

    /// <summary>The option names in the first cells of the table under <c>## `typeName`</c>: every code span outside
    /// parentheses (<c>`Proxy` (`Uri?`)</c> names <c>Proxy</c>; <c>`Origin` / `Referer`</c> names both).</summary>
    private static List<string> DocumentedOptions(string typeName)
    {
        var names = new List<string>();
        var inSection = false;
        foreach (var line in MarkdownDocument.ReadLines(Page))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (inSection)
                {
                    break;
                }

                inSection = line.StartsWith($"## `{typeName}`", StringComparison.Ordinal);
                continue;
            }

            if (!inSection || !line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            var firstCell = Parenthesized().Replace(line.Split('|')[1], string.Empty);
            names.AddRange(CodeSpan().Matches(firstCell).Select(m => m.Groups["name"].Value));
        }

        Assert.That(names, Is.Not.Empty, $"{Page} has no table under ## `{typeName}`");
        return names;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex(@"`(?<name>[A-Za-z][A-Za-z0-9]*)`")]
    private static partial Regex CodeSpan();
}
