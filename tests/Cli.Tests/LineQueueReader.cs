using System.Collections.Concurrent;

namespace Tusk.Cli.Tests;

/// <summary>Standard input for an in-process <c>tusk connect</c>: lines the test types; <see cref="Close"/> is Ctrl+D.</summary>
internal sealed class LineQueueReader : TextReader
{
    private readonly BlockingCollection<string> _lines = [];

    public void Type(string line) => _lines.Add(line);

    public override void Close() => _lines.CompleteAdding();

    public override string? ReadLine()
    {
        try
        {
            return _lines.Take();
        }
        catch (InvalidOperationException)
        {
            return null; // completed: end of input
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lines.Dispose();
        }

        base.Dispose(disposing);
    }
}
