using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tusk.Benchmarks.EndToEnd;

/// <summary>
/// Workers the comparison publishes before it measures, for this machine's runtime identifier:
/// <list type="bullet">
/// <item><c>tusk-r2r</c>: this same program published with <c>PublishReadyToRun</c> (framework-dependent), so that
/// Tusk's assemblies carry precompiled code the way they do in an application that publishes ReadyToRun
/// (<c>bin/r2r</c>, about 20 s);</item>
/// <item><c>tusk-aot</c>: <c>benchmarks/Startup</c> published with Native AOT (<c>bin/aot</c>, one to two minutes); it only
/// has the <c>--connect-only</c> measures;</item>
/// <item><c>tusk-composite</c>: <c>benchmarks/Startup</c> published self-contained, without Native AOT, with one composite
/// ReadyToRun image of the framework and Tusk (<c>bin/composite</c>, several minutes: crossgen2 compiles the whole
/// framework); <c>--connect-only</c> measures only.</item>
/// </list>
/// </summary>
internal static class PublishedWorkers
{
    private static string ReadyToRunDirectory(string directory) => Path.Combine(directory, "bin", "r2r");

    private static string AotDirectory(string directory) => Path.Combine(directory, "bin", "aot");

    private static string CompositeDirectory(string directory) => Path.Combine(directory, "bin", "composite");

    private static string Executable(string folder, string name) => Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name);

    public static async Task PublishAsync(string directory, IReadOnlyList<string> clients)
    {
        if (clients.Contains(ClientNames.TuskReadyToRun))
        {
            await PublishAsync(Path.Combine(directory, "EndToEnd.csproj"), ReadyToRunDirectory(directory), "Tusk.Benchmarks.EndToEnd",
                ["--self-contained", "false", "-p:PublishReadyToRun=true"]);
        }

        if (clients.Contains(ClientNames.TuskAot))
        {
            await PublishAsync(Path.Combine(directory, "..", "Startup", "Startup.csproj"), AotDirectory(directory), "Tusk.Benchmarks.Startup", []);
        }

        if (clients.Contains(ClientNames.TuskComposite))
        {
            await PublishAsync(Path.Combine(directory, "..", "Startup", "Startup.csproj"), CompositeDirectory(directory), "Tusk.Benchmarks.Startup",
                ["--self-contained", "true", "-p:PublishAot=false", "-p:PublishReadyToRun=true", "-p:PublishReadyToRunComposite=true"]);
        }
    }

    public static ChildProcess Start(string client, string[] workerArguments, string directory) => client switch
    {
        ClientNames.TuskAot => ChildProcess.Start(Executable(AotDirectory(directory), "Tusk.Benchmarks.Startup"), workerArguments.Skip(1), directory),
        ClientNames.TuskComposite => ChildProcess.Start(Executable(CompositeDirectory(directory), "Tusk.Benchmarks.Startup"), workerArguments.Skip(1), directory),
        _ => ChildProcess.Start(Executable(ReadyToRunDirectory(directory), "Tusk.Benchmarks.EndToEnd"), ["worker", .. workerArguments], directory),
    };

    private static async Task PublishAsync(string project, string output, string executable, string[] properties)
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        Console.WriteLine($"  publishing {Path.GetFileName(project)} for {rid} into {output}...");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-r", rid, .. properties, "-o", output, "-nologo", "-v", "quiet"])
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var text = await publish.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await publish.WaitForExitAsync(limit.Token);
        if (publish.ExitCode != 0 || !File.Exists(Executable(output, executable)))
        {
            throw new InvalidOperationException($"Publishing {project} failed (exit code {publish.ExitCode}):{Environment.NewLine}{text}");
        }
    }
}
