using Microsoft.Extensions.Time.Testing;

namespace Tusk.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells a test when code under test arms a timer, so the test moves the
/// clock only once the timer it means to fire exists. Timers, <c>Task.Delay</c>, <c>Task.WaitAsync</c> and
/// <c>CancellationTokenSource</c> timeouts on a <see cref="TimeProvider"/> all go through
/// <see cref="CreateTimer"/>; a timer armed later than the test's <see cref="FakeTimeProvider.Advance"/> would
/// otherwise miss it, and the test would depend on how fast the machine ran the code that arms it.
/// </summary>
/// <remarks>Nothing here waits in real time: <see cref="WhenArmedAsync"/> completes when the arming happens, and the
/// caller bounds it (<c>.WaitAsync(timeout)</c>) like any other awaited event.</remarks>
public sealed class FakeClock : FakeTimeProvider
{
    private readonly Lock _sync = new();
    private readonly List<ArmedTimer> _timers = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Armed)> _waiters = [];

    /// <summary>Completes once a timer is armed to fire <paramref name="due"/> from now (counting one armed before the
    /// call that is still waiting to fire exactly then), e.g. an ack timeout or a reconnection delay.</summary>
    /// <param name="due">How far ahead of the current fake time the timer fires.</param>
    public Task WhenArmedAsync(TimeSpan due)
    {
        var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            var now = GetUtcNow();
            if (_timers.Exists(t => t.DueAt == now + due))
            {
                armed.SetResult();
            }
            else
            {
                _waiters.Add((due, armed));
            }
        }

        return armed.Task;
    }

    /// <summary>Arms <paramref name="due"/>, then moves the clock by it: fires the timer that a test awaits.</summary>
    /// <param name="due">How far ahead of the current fake time the awaited timer fires.</param>
    /// <param name="bound">How long (in real time) the code under test may take to arm it.</param>
    public async Task AdvanceWhenArmedAsync(TimeSpan due, TimeSpan bound)
    {
        await WhenArmedAsync(due).WaitAsync(bound);
        Advance(due);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ArmedTimer(this);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.OnFired();
                callback(s);
            },
            state,
            dueTime,
            period);
        timer.Arm(dueTime, period);
        return timer;
    }

    private void OnArmed(ArmedTimer timer)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_sync)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }

            var now = GetUtcNow();
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (now + _waiters[i].Due == timer.DueAt)
                {
                    (ready ??= []).Add(_waiters[i].Armed);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(r => r.TrySetResult());
    }

    private void OnDisarmed(ArmedTimer timer)
    {
        lock (_sync)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ArmedTimer(FakeClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; private set; }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;

            // A due time of zero fires at once, inside the call that armed it.
            if (dueTime == Timeout.InfiniteTimeSpan || dueTime == TimeSpan.Zero)
            {
                DueAt = null;
                clock.OnDisarmed(this);
            }
            else
            {
                DueAt = clock.GetUtcNow() + dueTime;
                clock.OnArmed(this);
            }
        }

        public void OnFired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                DueAt = null;
                clock.OnDisarmed(this);
            }
            else
            {
                DueAt = clock.GetUtcNow() + _period;
                clock.OnArmed(this);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = Inner.Change(dueTime, period);
            Arm(dueTime, period);
            return changed;
        }

        public void Dispose()
        {
            DueAt = null;
            clock.OnDisarmed(this);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
