namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>
/// The system clock, except for one timer: the first one armed to fire once, exactly <see cref="Delay"/> from now (a
/// client's reconnection delay, when the test sets that delay), fires when the test calls <see cref="Release"/>, not
/// when the delay is over. A test can so do what it needs to while the client waits to reconnect, without betting on
/// how long that takes; every other timer (heartbeats, connect and ack timeouts, close deadlines) keeps real time.
/// </summary>
internal sealed class HeldDelay(TimeSpan delay) : TimeProvider
{
    private readonly TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    /// <summary>The due time of the timer that is held.</summary>
    public TimeSpan Delay { get; } = delay;

    /// <summary>Completes when the held timer is armed: the client is waiting to reconnect.</summary>
    public Task Armed => _armed.Task;

    /// <summary>Fires the held timer (at once if it is armed, when it is armed otherwise); later timers are not held.</summary>
    public void Release() => _released.TrySetResult();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Delay || period != Timeout.InfiniteTimeSpan || _released.Task.IsCompleted || Interlocked.Exchange(ref _taken, 1) != 0)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new HeldTimer(this, callback, state);
        _armed.TrySetResult();
        return timer;
    }

    /// <summary>Fires its callback once, on the thread pool, when the delay is released, unless it is disposed or changed first.</summary>
    private sealed class HeldTimer : ITimer
    {
        private readonly TimeProvider _system = System;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private ITimer? _replacement;
        private int _done;

        public HeldTimer(HeldDelay owner, TimerCallback callback, object? state)
        {
            _callback = callback;
            _state = state;
            owner._released.Task.ContinueWith(_ => Fire(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Rescheduled by its owner: no longer the held delay, an ordinary timer from here on.
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return _replacement?.Change(dueTime, period) ?? false;
            }

            _replacement = _system.CreateTimer(_callback, _state, dueTime, period);
            return true;
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _done, 1);
            _replacement?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                _callback(_state);
            }
        }
    }
}
