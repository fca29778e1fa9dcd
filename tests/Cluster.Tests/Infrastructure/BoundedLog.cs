using System.Text;

namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>Thread-safe text sink that keeps only the most recent characters of a child process's output.</summary>
internal sealed class BoundedLog(int capacity)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public void AppendLine(string line)
    {
        lock (_gate)
        {
            _text.Append(line).Append('\n');
            var excess = _text.Length - capacity;
            if (excess > 0)
            {
                _text.Remove(0, excess);
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }
}
