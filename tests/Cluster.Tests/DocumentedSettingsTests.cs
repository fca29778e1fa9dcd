using System.Text.RegularExpressions;
using Tusk.Cluster.Tests.Infrastructure;

namespace Tusk.Cluster.Tests;

/// <summary>
/// The HAProxy and nginx settings that docs/load-balancing.md shows are the ones these tests run: every directive of
/// the page's blocks (addresses, ports and section names aside) is in the configuration file under tests/cluster.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed partial class DocumentedSettingsTests
{
    [TestCase("## HAProxy", "balancers/haproxy.cfg")]
    [TestCase("## nginx", "balancers/nginx.conf")]
    public void TheDocumentedBalancerSettings_AreTheTestedOnes(string heading, string configFile)
    {
        var page = File.ReadAllText(Path.Combine(ClusterFiles.Directory, "..", "..", "docs", "load-balancing.md"));
        var section = page[page.IndexOf(heading, StringComparison.Ordinal)..];
        var block = FencedBlock().Match(section).Groups["body"].Value;
        var config = File.ReadAllLines(Path.Combine(ClusterFiles.Directory, configFile)).Select(Normalize).ToHashSet(StringComparer.Ordinal);

        var directives = block.Split('\n').Select(Normalize).Where(IsDirective).ToList();
        var missing = directives.Where(d => !config.Contains(d)).ToList();

        Assert.That(directives, Has.Count.GreaterThan(5), "the page shows a configuration block under " + heading);
        Assert.That(missing, Is.Empty, $"directives on the page that {configFile} does not have");
    }

    private static string Normalize(string line) => Whitespace().Replace(line.Trim(), " ");

    // Comments, braces, section names and what names a place (addresses, ports) differ between a page and a test.
    private static bool IsDirective(string line) =>
        line.Length > 0 && line[0] != '#' && line != "}" && !line.EndsWith('{') &&
        !line.StartsWith("server ", StringComparison.Ordinal) && !line.StartsWith("bind ", StringComparison.Ordinal) &&
        !line.StartsWith("listen ", StringComparison.Ordinal) && !line.StartsWith("frontend ", StringComparison.Ordinal) &&
        !line.StartsWith("backend ", StringComparison.Ordinal) && !line.StartsWith("default_backend ", StringComparison.Ordinal);

    [GeneratedRegex("```text\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
