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

    private static readonly Lazy<Task> PythonCheck = new(CheckPythonAsync);

    public static string RedisServer => Find("redis-server", "redis-server");

    public static string Haproxy => Find("haproxy", "haproxy");

    public static string Nginx => Find("nginx", "nginx-light");

    /// <summary>Checks that <see cref="DebianPython"/> imports socketio and aiohttp (once per process).</summary>
    public static Task RequirePythonSocketIoAsync() => PythonCheck.Value;

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

    private static async Task CheckPythonAsync()
    {
        if (!File.Exists(DebianPython))
        {
            throw new ClusterEnvironmentException($"{DebianPython} was not found. {InstallHint}");
        }

        var process = await ChildProcess.StartAsync(
            "python check", DebianPython, ["-c", "import socketio, engineio, aiohttp; print('TUSK_PYTHON_OK')"],
            Environment.CurrentDirectory, ready: ReadyCondition.Line("TUSK_PYTHON_OK"), CancellationToken.None,
            failureHint: $"{DebianPython} cannot import socketio, engineio and aiohttp. {InstallHint}");
        await process.DisposeAsync();
    }
}
