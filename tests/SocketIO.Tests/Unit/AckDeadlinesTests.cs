using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// The ack table times out the acks of a socket on one timer (AckDeadlines): each ack still fails at its own deadline,
/// answered acks never fail, a disconnect still fails them at once, and an ack whose deadline is out of order is left
/// to a timer of its own.
/// </summary>
public class AckDeadlinesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly SocketIoJson Json = new();

    [Test]
    public void Acks_with_the_same_timeout_each_fail_at_their_own_deadline_on_one_timer()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock);

        var first = Register(table, 0);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = Register(table, 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = Register(table, 2);

        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        Assert.That(first.IsCompleted, Is.False, "1 ms before the first deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(Faulted(first), Is.InstanceOf<TimeoutException>(), "at the first deadline");
        Assert.That(second.IsCompleted || third.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        Assert.That(second.IsCompleted, Is.False, "1 ms before the second deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(Faulted(second), Is.InstanceOf<TimeoutException>());
        Assert.That(third.IsCompleted, Is.False);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Faulted(third), Is.InstanceOf<TimeoutException>());
        Assert.That(clock.TimersCreated, Is.EqualTo(1), "one timer for the table, not one per ack");
        Assert.That(table.Count, Is.Zero);
        Assert.That(table.QueuedDeadlines, Is.Zero);
    }

    [Test]
    public void An_answered_ack_never_times_out_and_leaves_the_queue_when_the_next_ack_is_registered()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock);

        var answered = Register(table, 0);
        var unanswered = Register(table, 1);
        Assert.That(table.TryComplete(0, Ack()), Is.True);
        clock.Advance(Timeout);

        Assert.That(answered.IsCompletedSuccessfully, Is.True);
        Assert.That(Faulted(unanswered), Is.InstanceOf<TimeoutException>());

        // Acks answered in order leave the queue as new ones come: it does not grow with the number of acks.
        for (var id = 2; id < 2 + (3 * AckDeadlines.Capacity); id++)
        {
            var task = Register(table, id);
            Assert.That(table.TryComplete(id, Ack()), Is.True);
            Assert.That(task.IsCompletedSuccessfully, Is.True);
        }

        Assert.That(table.QueuedDeadlines, Is.LessThanOrEqualTo(1));
        clock.Advance(Timeout);
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void A_disconnect_fails_pending_acks_at_once_and_their_deadlines_later_do_nothing()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock);
        var pending = Register(table, 0);
        table.MarkSent(0);

        table.FailSent(new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportClose));
        Assert.That(Faulted(pending), Is.InstanceOf<SocketIoDisconnectedException>());

        Assert.DoesNotThrow(() => clock.Advance(Timeout));
        Assert.That(table.QueuedDeadlines, Is.Zero);
    }

    [Test]
    public void Failing_every_ack_disarms_the_timer_and_a_later_ack_arms_it_again()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock);
        var first = Register(table, 0);
        var second = Register(table, 1);
        Assert.That(clock.ArmedTimers, Is.EqualTo(1));

        // The socket is done (a disconnect without reconnection, or disposal): an armed timer would keep the table (and
        // through it the socket) alive in the runtime's timer queue for up to a whole ack timeout.
        table.FailAll(new SocketIoDisconnectedException(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(Faulted(first), Is.InstanceOf<SocketIoDisconnectedException>());
        Assert.That(Faulted(second), Is.InstanceOf<SocketIoDisconnectedException>());
        Assert.That(clock.ArmedTimers, Is.Zero, "no ack waits: the timer is disarmed");
        Assert.That(table.QueuedDeadlines, Is.Zero);

        // Connected again: a new ack is timed out at its own deadline by the same timer.
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = Register(table, 2);
        Assert.That(clock.ArmedTimers, Is.EqualTo(1));
        clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.That(later.IsCompleted, Is.False, "1 ms before its deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(Faulted(later), Is.InstanceOf<TimeoutException>());
        Assert.That(clock.TimersCreated, Is.EqualTo(1));
    }

    [Test]
    public void Pruning_keeps_the_timer_while_an_ack_still_waits()
    {
        // An ack registered while FailAll went over the table is not among those it failed: it keeps its deadline.
        var clock = new CountingClock();
        var waiting = new HashSet<long> { 0, 1 };
        var expired = new List<long>();
        var deadlines = new AckDeadlines(clock, waiting.Contains, expired.Add);
        Assert.That(deadlines.TryAdd(0, Timeout), Is.True);
        Assert.That(deadlines.TryAdd(1, Timeout), Is.True);

        waiting.Remove(0);
        deadlines.Prune();
        Assert.That(deadlines.Count, Is.EqualTo(1), "the failed ack's deadline left, the waiting one's stayed");
        Assert.That(clock.ArmedTimers, Is.EqualTo(1));

        clock.Advance(Timeout);
        Assert.That(expired, Is.EqualTo(new long[] { 1 }));

        Assert.That(deadlines.TryAdd(2, Timeout), Is.True);
        waiting.Clear();
        deadlines.Prune();
        Assert.That(deadlines.Count, Is.Zero);
        Assert.That(clock.ArmedTimers, Is.Zero);
        clock.Advance(Timeout);
        Assert.That(expired, Is.EqualTo(new long[] { 1 }), "nothing expires after the prune");
    }

    [Test]
    public void A_deadline_before_the_last_queued_one_or_without_a_usable_timeout_is_left_to_the_caller()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock);

        Assert.That(table.Register(0, Timeout).TimedOutByTable, Is.True);
        Assert.That(table.Register(1, TimeSpan.FromSeconds(1)).TimedOutByTable, Is.False, "would fire before the queued one");
        Assert.That(table.Register(2, TimeSpan.FromSeconds(5)).TimedOutByTable, Is.True, "later deadlines queue");
        Assert.That(table.Register(3, null).TimedOutByTable, Is.False, "no timeout");
        Assert.That(table.Register(4, System.Threading.Timeout.InfiniteTimeSpan).TimedOutByTable, Is.False);
        Assert.That(new AckTable().Register(0, Timeout).TimedOutByTable, Is.False, "a table without a clock");

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(table.Count, Is.EqualTo(3), "1, 3 and 4 wait for their callers' own timers");
    }

    [Test]
    public void A_full_queue_leaves_further_acks_to_their_callers_until_it_drains()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock);
        for (var id = 0; id < AckDeadlines.Capacity; id++)
        {
            Assert.That(table.Register(id, Timeout).TimedOutByTable, Is.True);
        }

        Assert.That(table.Register(AckDeadlines.Capacity, Timeout).TimedOutByTable, Is.False);
        clock.Advance(Timeout);
        Assert.That(table.QueuedDeadlines, Is.Zero);
        Assert.That(table.Register(AckDeadlines.Capacity + 1, Timeout).TimedOutByTable, Is.True);
    }

    [Test]
    public async Task An_inline_ack_times_out_on_the_thread_pool_not_on_the_timer()
    {
        var clock = new CountingClock();
        var table = new AckTable(inlineContinuations: true, timeProvider: clock);
        var pending = Register(table, 0);
        var timerThread = Environment.CurrentManagedThreadId;
        var continuation = pending.ContinueWith(_ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        clock.Advance(Timeout);

        Assert.That(await continuation.WaitAsync(TimeSpan.FromSeconds(30)), Is.Not.EqualTo(timerThread));
        Assert.That(pending.Exception?.InnerException, Is.InstanceOf<TimeoutException>());
    }

    private static Task<SocketIoAck> Register(AckTable table, long id)
    {
        var (task, timedByTable) = table.Register(id, Timeout);
        Assert.That(timedByTable, Is.True);
        return task;
    }

    private static Exception? Faulted(Task task) => task.IsFaulted ? task.Exception!.InnerException : null;

    private static SocketIoAck Ack() => new(SocketIoJson.DecodeArguments("[1]", []), Json);

    /// <summary>A <see cref="FakeClock"/> that counts the timers created on it.</summary>
    private sealed class CountingClock : TimeProvider
    {
        private readonly FakeClock _clock = new();

        public int TimersCreated { get; private set; }

        public override long TimestampFrequency => _clock.TimestampFrequency;

        public void Advance(TimeSpan delta) => _clock.Advance(delta);

        public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

        public override long GetTimestamp() => _clock.GetTimestamp();

        /// <summary>Timers created here whose last due time (at creation or <see cref="ITimer.Change"/>) is finite and not
        /// yet passed (one-shot timers only).</summary>
        public int ArmedTimers => _timers.Count(t => t.DueAt is { } due && due > _clock.GetUtcNow());

        private readonly List<TrackedTimer> _timers = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            var timer = new TrackedTimer(_clock);
            timer.Inner = _clock.CreateTimer(callback, state, dueTime, period);
            timer.Track(dueTime);
            _timers.Add(timer);
            return timer;
        }

        private sealed class TrackedTimer(FakeClock clock) : ITimer
        {
            public ITimer Inner { get; set; } = null!;

            public DateTimeOffset? DueAt { get; private set; }

            public void Track(TimeSpan dueTime) => DueAt = dueTime == global::System.Threading.Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                Track(dueTime);
                return Inner.Change(dueTime, period);
            }

            public void Dispose()
            {
                DueAt = null;
                Inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                DueAt = null;
                return Inner.DisposeAsync();
            }
        }
    }
}
