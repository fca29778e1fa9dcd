using System.Globalization;
using System.Text.RegularExpressions;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>The repository's <c>tests/cluster</c> folder (server code and configuration files) and rendering of its templates.</summary>
internal static partial class ClusterFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary><c>tests/cluster</c>.</summary>
    public static string Directory => Root.Value;

    /// <summary><c>tests/cluster/servers</c>: the Node cluster node and its npm packages.</summary>
    public static string NodeServers => Path.Combine(Directory, "servers");

    /// <summary>
    /// Writes <paramref name="template"/> (a file under <c>tests/cluster</c>) into <paramref name="targetDirectory"/> with
    /// every <c>{{NAME}}</c> replaced by its value, and returns the written file.
    /// </summary>
    public static string Render(string template, string targetDirectory, IReadOnlyDictionary<string, object> values)
    {
        var text = File.ReadAllText(Path.Combine(Directory, template));
        foreach (var (name, value) in values)
        {
            text = text.Replace("{{" + name + "}}", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (Placeholder().Match(text) is { Success: true } unfilled)
        {
            throw new InvalidOperationException($"{template} has a placeholder no value was given for: {unfilled.Value}");
        }

        var target = Path.Combine(targetDirectory, Path.GetFileName(template));
        File.WriteAllText(target, text);
        return target;
    }

    /// <summary>A new empty folder under the system's temporary folder, for one server's rendered configuration and files.</summary>
    public static string NewTemporaryDirectory(string name) =>
        System.IO.Directory.CreateTempSubdirectory($"tusk-{name}-").FullName;

    [GeneratedRegex(@"\{\{[A-Z0-9_]+\}\}")]
    private static partial Regex Placeholder();

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "cluster");
            if (File.Exists(Path.Combine(candidate, "servers", "node.js")))
            {
                return candidate;
            }
        }

        throw new ClusterEnvironmentException($"Could not find the tests/cluster folder above {AppContext.BaseDirectory}.");
    }
}
