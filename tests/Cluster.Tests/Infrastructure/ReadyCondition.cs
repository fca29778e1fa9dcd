namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>How <see cref="ChildProcess"/> knows a started program is ready: a line it prints, or ports that accept connections.</summary>
internal sealed class ReadyCondition
{
    private ReadyCondition(string? linePrefix, string? lineContains, int[] ports)
    {
        LinePrefix = linePrefix;
        LineContains = lineContains;
        Ports = ports;
    }

    /// <summary>A line that starts with this (the rest of the line is the ready payload).</summary>
    public string? LinePrefix { get; }

    /// <summary>A line that contains this.</summary>
    public string? LineContains { get; }

    /// <summary>Ports on 127.0.0.1 that must all accept connections.</summary>
    public int[] Ports { get; }

    /// <summary>Ready once the program prints a line starting with <paramref name="prefix"/>.</summary>
    public static ReadyCondition Prefix(string prefix) => new(prefix, null, []);

    /// <summary>Ready once the program prints a line containing <paramref name="text"/>.</summary>
    public static ReadyCondition Line(string text) => new(null, text, []);

    /// <summary>Ready once every port accepts connections (for programs that print nothing when they listen).</summary>
    public static ReadyCondition Listening(params int[] ports) => new(null, null, ports);

    public bool Matches(string line) =>
        (LinePrefix is not null && line.StartsWith(LinePrefix, StringComparison.Ordinal)) ||
        (LineContains is not null && line.Contains(LineContains, StringComparison.Ordinal));
}
