namespace Tusk.SocketIO.Internal;

/// <summary>
/// The default <see cref="ISocketIoReconnectionPolicy"/>, the JS client's backoff: before attempt <c>n</c>,
/// <c>min × 2^(n-1)</c>, randomly moved up or down by up to <c>jitter × delay</c>, capped at <c>max</c>; no attempt
/// after <c>maxAttempts</c>.
/// </summary>
internal sealed class BackoffReconnectionPolicy : ISocketIoReconnectionPolicy
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly int _maxAttempts;
    // One delegate for every policy: a method group converted per policy was a delegate per connection (issue 21's scale target).
    private static readonly Func<double> SharedRandom = Random.Shared.NextDouble;

    private readonly Func<double> _random;

    public BackoffReconnectionPolicy(TimeSpan min, TimeSpan max, double jitter, int maxAttempts, Func<double>? random = null)
    {
        _min = min < TimeSpan.Zero ? TimeSpan.Zero : min;
        _max = max < _min ? _min : max;
        _jitter = Math.Clamp(jitter, 0, 1);
        _maxAttempts = maxAttempts;
        _random = random ?? SharedRandom;
    }

    /// <summary>The policy <paramref name="options"/> describe, read once (the client's options do not change after it is created).</summary>
    public static BackoffReconnectionPolicy From(SocketIoClientOptions options) =>
        new(options.ReconnectionDelay, options.ReconnectionDelayMax, options.RandomizationFactor, options.ReconnectionAttempts);

    public TimeSpan? NextDelay(SocketIoReconnectionContext context)
    {
        if (context.Attempt > _maxAttempts)
        {
            return null;
        }

        var milliseconds = _min.TotalMilliseconds * Math.Pow(2, Math.Clamp(context.Attempt - 1, 0, 62));
        if (_jitter > 0)
        {
            var random = _random();
            var deviation = Math.Floor(random * _jitter * milliseconds);
            milliseconds = ((int)Math.Floor(random * 10) & 1) == 0 ? milliseconds - deviation : milliseconds + deviation;
        }

        return TimeSpan.FromMilliseconds(Math.Floor(Math.Min(milliseconds, _max.TotalMilliseconds)));
    }
}
