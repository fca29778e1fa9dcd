using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tusk.Benchmarks.EndToEnd;

/// <summary>
/// The <c>tusk-r2r</c> client: this same program published with <c>PublishReadyToRun</c> for this machine's runtime
/// identifier (framework-dependent), so that Tusk's assemblies carry precompiled code the way they do in an application
/// that publishes ReadyToRun. The comparison publishes it into <c>bin/r2r</c> once per run, before it measures anything.
/// </summary>
internal static class ReadyToRunWorker
{
    private static string OutputDirectory(string directory) => Path.Combine(directory, "bin", "r2r");

    private static string Host(string directory) =>
        Path.Combine(OutputDirectory(directory), OperatingSystem.IsWindows() ? "Tusk.Benchmarks.EndToEnd.exe" : "Tusk.Benchmarks.EndToEnd");

    public static async Task PublishAsync(string directory)
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        Console.WriteLine($"  publishing the worker ReadyToRun for {rid}...");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "publish", Path.Combine(directory, "EndToEnd.csproj"), "-c", "Release", "-r", rid, "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-o", OutputDirectory(directory), "-nologo", "-v", "quiet",
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var output = await publish.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await publish.WaitForExitAsync(limit.Token);
        if (publish.ExitCode != 0 || !File.Exists(Host(directory)))
        {
            throw new InvalidOperationException($"Publishing the ReadyToRun worker failed (exit code {publish.ExitCode}):{Environment.NewLine}{output}");
        }
    }

    public static ChildProcess Start(string[] workerArguments, string directory) =>
        ChildProcess.Start(Host(directory), ["worker", .. workerArguments], directory);
}
