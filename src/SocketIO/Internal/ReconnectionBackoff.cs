namespace Tusk.SocketIO.Internal;

/// <summary>
/// The JS client's backoff: <c>min × 2^attempt</c>, randomly moved up or down by up to <c>jitter × delay</c>, capped at
/// <c>max</c>.
/// </summary>
internal sealed class ReconnectionBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Func<double> _random;

    public ReconnectionBackoff(TimeSpan min, TimeSpan max, double jitter, Func<double>? random = null)
    {
        _min = min < TimeSpan.Zero ? TimeSpan.Zero : min;
        _max = max < _min ? _min : max;
        _jitter = Math.Clamp(jitter, 0, 1);
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Attempts made since the last <see cref="Reset"/>.</summary>
    public int Attempts { get; private set; }

    public TimeSpan NextDelay()
    {
        var milliseconds = _min.TotalMilliseconds * Math.Pow(2, Math.Min(Attempts, 62));
        Attempts++;
        if (_jitter > 0)
        {
            var random = _random();
            var deviation = Math.Floor(random * _jitter * milliseconds);
            milliseconds = ((int)Math.Floor(random * 10) & 1) == 0 ? milliseconds - deviation : milliseconds + deviation;
        }

        return TimeSpan.FromMilliseconds(Math.Floor(Math.Min(milliseconds, _max.TotalMilliseconds)));
    }

    public void Reset() => Attempts = 0;
}
