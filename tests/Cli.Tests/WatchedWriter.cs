using System.Text;

namespace Tusk.Cli.Tests;

/// <summary>A <see cref="TextWriter"/> that keeps what was written and lets a test await a line, with a bound.</summary>
internal sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _sync = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_sync)
            {
                return _text.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        List<(string Line, TaskCompletionSource<string> Found)> found = [];
        lock (_sync)
        {
            _text.Append(value);
            var lines = _text.ToString().Split('\n');
            foreach (var waiter in _waiters.ToList())
            {
                if (lines.FirstOrDefault(waiter.Match) is { } line)
                {
                    _waiters.Remove(waiter);
                    found.Add((line, waiter.Found));
                }
            }
        }

        foreach (var (line, tcs) in found)
        {
            tcs.TrySetResult(line);
        }
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    /// <summary>The first line (already written or still to come) that contains <paramref name="text"/>.</summary>
    public Task<string> LineAsync(string text, TimeSpan bound) => LineAsync(l => l.Contains(text, StringComparison.Ordinal), bound, text);

    public async Task<string> LineAsync(Func<string, bool> match, TimeSpan bound, string what = "a matching line")
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_text.ToString().Split('\n').FirstOrDefault(match) is { } line)
            {
                return line;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No line with '{what}' within {bound.TotalSeconds} s. Written so far:\n{Text}");
        }
    }
}
