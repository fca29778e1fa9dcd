namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>
/// Finds the Debian programs the cluster tests run. A missing one fails the test with a message that says how to install
/// it: the tests never skip and never install anything themselves.
/// </summary>
internal static class Prerequisites
{
    /// <summary>Debian's own interpreter: <c>python3-socketio</c> is installed for it, not for a python3 earlier on PATH.</summary>
    public const string DebianPython = "/usr/bin/python3";

    private const string InstallHint =
        "Install the cluster test prerequisites with `sudo bash .ci/setup-cluster-deps` (Debian/Ubuntu; .ci/run does this in CI), " +
        "or install redis-server, haproxy, nginx (nginx-light), python3-socketio and python3-aiohttp with your package manager.";

    private static readonly string[] SystemDirectories = ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"];

    public static string RedisServer => Find("redis-server", "redis-server");

    public static string Haproxy => Find("haproxy", "haproxy");

    public static string Nginx => Find("nginx", "nginx-light");

    /// <summary>
    /// Fails when <see cref="DebianPython"/> is missing. Whether it imports socketio, engineio and aiohttp is left to the
    /// server itself: a separate <c>python3 -c "import ..."</c> cost as much CPU as the server's own start (about 0.2 s),
    /// and a server that cannot import them exits before its ready line with Python's ImportError in its output, which
    /// <see cref="PythonImportHint"/> explains.
    /// </summary>
    public static string RequireDebianPython() =>
        File.Exists(DebianPython) ? DebianPython : throw new ClusterEnvironmentException($"{DebianPython} was not found. {InstallHint}");

    /// <summary>What to do when the Python server did not start: the packages it imports may be missing.</summary>
    public static string PythonImportHint =>
        $"If its output shows an ImportError or ModuleNotFoundError, {DebianPython} cannot import socketio, engineio or aiohttp. {InstallHint}";

    /// <summary>The full path of <paramref name="program"/> from PATH or the system folders (sbin is not on every user's PATH).</summary>
    private static string Find(string program, string debianPackage)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(SystemDirectories))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ClusterEnvironmentException(
            $"'{program}' (Debian package {debianPackage}) was not found on PATH or in {string.Join(", ", SystemDirectories)}. {InstallHint}");
    }
}
