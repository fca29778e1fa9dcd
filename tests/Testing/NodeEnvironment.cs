using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;

namespace Tusk.Testing;

/// <summary>
/// Locates the repository's <c>tests/servers</c> folder and makes sure its npm packages are installed.
/// </summary>
public static class NodeEnvironment
{
    /// <summary>Environment variable that overrides where the <c>tests/servers</c> folder is.</summary>
    public const string ServersDirectoryVariable = "TUSK_TEST_SERVERS_DIR";

    private const int MinimumNodeMajorVersion = 20;
    private const string MarkerFileName = ".tusk-npm-ci";
    private const string LockFileName = ".npm-install.lock";
    private static readonly TimeSpan NodeVersionTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LockRetryInterval = TimeSpan.FromMilliseconds(200);

    private static readonly Lazy<Task<string>> Installation = new(() => InstallOnceAsync(LocateServersDirectory()));
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> OtherInstallations = new(StringComparer.Ordinal);

    /// <summary>
    /// The <c>tests/servers</c> folder: <see cref="ServersDirectoryVariable"/> if set, otherwise found by walking up from
    /// the test assembly's directory.
    /// </summary>
    /// <exception cref="NodeServerException">No such folder exists.</exception>
    public static string ServersDirectory => LocateServersDirectory();

    /// <summary>The file name to start Node.js with (<c>node</c>, resolved through PATH).</summary>
    public static string NodeExecutable => OperatingSystem.IsWindows() ? "node.exe" : "node";

    private static string NpmExecutable => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>
    /// Checks that Node.js 20+ and npm are on PATH and runs <c>npm ci</c> in <see cref="ServersDirectory"/> when
    /// <c>node_modules</c> is missing or was installed from a different <c>package-lock.json</c>.
    /// Runs once per process; concurrent test processes serialize on a lock file.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the shared installation itself keeps going).</param>
    /// <returns>The <c>tests/servers</c> folder.</returns>
    /// <exception cref="NodeServerException">Node.js or npm is missing or too old, or <c>npm ci</c> failed.</exception>
    public static Task<string> EnsureInstalledAsync(CancellationToken cancellationToken = default) =>
        Installation.Value.WaitAsync(cancellationToken);

    /// <summary>
    /// Like <see cref="EnsureInstalledAsync(CancellationToken)"/> for another folder with its own <c>package.json</c> and
    /// <c>package-lock.json</c> (e.g. <c>tests/cluster/servers</c>), so its packages and lock file stay apart.
    /// </summary>
    /// <param name="directory">The folder to run <c>npm ci</c> in.</param>
    /// <param name="cancellationToken">Stops waiting (the shared installation itself keeps going).</param>
    /// <returns><paramref name="directory"/> as a full path.</returns>
    /// <exception cref="NodeServerException">Node.js or npm is missing or too old, or <c>npm ci</c> failed.</exception>
    public static Task<string> EnsureInstalledAsync(string directory, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(directory);
        return OtherInstallations.GetOrAdd(fullPath, path => new Lazy<Task<string>>(() => InstallOnceAsync(path)))
            .Value.WaitAsync(cancellationToken);
    }

    private static async Task<string> InstallOnceAsync(string directory)
    {
        await CheckNodeVersionAsync(directory);
        RequireOnPath(NpmExecutable, "npm");

        var lockFile = Path.Combine(directory, "package-lock.json");
        var expectedMarker = await HashFileAsync(lockFile);
        var markerFile = Path.Combine(directory, "node_modules", MarkerFileName);
        if (await ReadMarkerAsync(markerFile) == expectedMarker)
        {
            return directory;
        }

        await using var installLock = await AcquireLockAsync(Path.Combine(directory, LockFileName));
        // Another process may have finished the installation while we waited for the lock.
        if (await ReadMarkerAsync(markerFile) == expectedMarker)
        {
            return directory;
        }

        var result = await CommandRunner.RunAsync(
            NpmExecutable,
            ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
            directory,
            InstallTimeout,
            CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new NodeServerException(
                $"'npm ci' failed with exit code {result.ExitCode} in {directory}. Output:\n{result.Output}");
        }

        await File.WriteAllTextAsync(markerFile, expectedMarker);
        return directory;
    }

    private static string LocateServersDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(ServersDirectoryVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(Path.Combine(overridden, "package.json"))
                ? Path.GetFullPath(overridden)
                : throw new NodeServerException($"{ServersDirectoryVariable}={overridden} does not contain a package.json.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "servers");
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "index.js")))
            {
                return candidate;
            }
        }

        throw new NodeServerException(
            $"Could not find the tests/servers folder above {AppContext.BaseDirectory}; set {ServersDirectoryVariable} to point at it.");
    }

    private static async Task CheckNodeVersionAsync(string workingDirectory)
    {
        RequireOnPath(NodeExecutable, "Node.js");
        var result = await CommandRunner.RunAsync(NodeExecutable, ["--version"], workingDirectory, NodeVersionTimeout, CancellationToken.None);
        var version = result.Output.Trim();
        if (result.ExitCode != 0 || !TryParseMajor(version, out var major))
        {
            throw new NodeServerException($"'node --version' failed (exit code {result.ExitCode}): {version}");
        }

        if (major < MinimumNodeMajorVersion)
        {
            throw new NodeServerException(
                $"The test servers need Node.js {MinimumNodeMajorVersion} or newer, but 'node' on PATH is {version}.");
        }
    }

    private static bool TryParseMajor(string version, out int major)
    {
        var digits = version.TrimStart('v').Split('.')[0];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out major);
    }

    private static void RequireOnPath(string executable, string product)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var found = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, executable)));
        if (!found)
        {
            throw new NodeServerException(
                $"'{executable}' was not found on PATH. The integration tests start real servers with {product}: " +
                $"install Node.js {MinimumNodeMajorVersion}+ with npm (https://nodejs.org) and make sure both are on PATH.");
        }
    }

    private static async Task<string> HashFileAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream));
    }

    private static async Task<string?> ReadMarkerAsync(string markerFile) =>
        File.Exists(markerFile) ? (await File.ReadAllTextAsync(markerFile)).Trim() : null;

    private static async Task<FileStream> AcquireLockAsync(string lockFile)
    {
        var deadline = DateTime.UtcNow + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another test process holds the lock while it runs npm ci; a file lock offers nothing to await.
                await Task.Delay(LockRetryInterval);
            }
        }
    }
}
