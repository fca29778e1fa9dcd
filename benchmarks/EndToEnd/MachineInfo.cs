using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tusk.Benchmarks.EndToEnd;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo
{
    public DateTime DateUtc { get; init; }
    public int Processors { get; init; }
    public string CpuModel { get; init; } = "";
    public string Os { get; init; } = "";
    public string Dotnet { get; init; } = "";
    public string Node { get; init; } = "";
    public double LoadAverage1Minute { get; init; }

    public string Describe() =>
        $"{DateUtc:yyyy-MM-dd HH:mm} UTC, {Processors} cores ({CpuModel}), {Os}, {Dotnet}, Node {Node}, load average {LoadAverage1Minute:0.00}";

    public static async Task<MachineInfo> CollectAsync() => new()
    {
        DateUtc = DateTime.UtcNow,
        Processors = Environment.ProcessorCount,
        CpuModel = ReadCpuModel(),
        Os = RuntimeInformation.OSDescription,
        Dotnet = RuntimeInformation.FrameworkDescription,
        Node = await ReadNodeVersionAsync(),
        LoadAverage1Minute = ReadLoadAverage(),
    };

    private static string ReadCpuModel()
    {
        const string path = "/proc/cpuinfo";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    public static double ReadLoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
    }

    private static async Task<string> ReadNodeVersionAsync()
    {
        var info = new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var node = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var version = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        return version.Trim();
    }
}
