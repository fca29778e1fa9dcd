using System.Diagnostics;

namespace Tusk.Samples.Demo;

/// <summary>Prints the conversation: elapsed time, direction, what happened.</summary>
internal sealed class Transcript
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _console = new();

    /// <summary>Something the client sent.</summary>
    public void Sent(string what, string details) => Write("->", what, details);

    /// <summary>Something the server sent, or that happened to the connection.</summary>
    public void Received(string what, string details) => Write("<-", what, details);

    /// <summary>A remark of the demo itself.</summary>
    public void Note(string details) => Write("  ", "", details);

    private void Write(string arrow, string what, string details)
    {
        lock (_console)
        {
            Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.00}s] {arrow} {what,-13} {details}");
        }
    }
}
