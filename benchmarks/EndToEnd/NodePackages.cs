namespace Tusk.Benchmarks.EndToEnd;

/// <summary>Runs <c>npm ci</c> (from the committed package-lock.json) when the packages are missing.</summary>
internal static class NodePackages
{
    public static async Task EnsureInstalledAsync(string directory)
    {
        string[] required = ["socket.io", "socket.io-client"];
        if (required.All(p => File.Exists(Path.Combine(directory, "node_modules", p, "package.json"))))
        {
            return;
        }

        Console.WriteLine("Installing the benchmark's npm packages (npm ci)...");
        var info = new System.Diagnostics.ProcessStartInfo("npm") { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            info.ArgumentList.Add(argument);
        }

        using var npm = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("Could not start npm.");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await npm.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException("npm ci did not finish within 3 minutes.");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {npm.ExitCode}.");
        }
    }
}
