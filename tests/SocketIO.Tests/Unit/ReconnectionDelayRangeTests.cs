using Microsoft.Extensions.Time.Testing;
using static Tusk.SocketIO.Tests.Unit.ClientBehaviourTests;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// A reconnection delay longer than a timer can wait (about 49.7 days; Task.Delay throws past it) is waited as the
/// longest one: before, the reconnection loop died on the exception, silently, with no attempt and no ReconnectFailed.
/// </summary>
public class ReconnectionDelayRangeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>A fake clock that tells when a timer longer than a day is armed (the reconnection delay's).</summary>
    private sealed class LongTimerClock : FakeTimeProvider
    {
        public TaskCompletionSource<TimeSpan> LongTimerArmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.FromDays(1))
            {
                LongTimerArmed.TrySetResult(dueTime);
            }

            return timer;
        }
    }

    private sealed class FixedPolicy(TimeSpan delay) : ISocketIoReconnectionPolicy
    {
        public TimeSpan? NextDelay(SocketIoReconnectionContext context) => delay;
    }

    private static IEnumerable<TestCaseData> HugeDelays()
    {
        yield return new TestCaseData((Action<SocketIoClientOptions>)(o => o.ReconnectionPolicy = new FixedPolicy(TimeSpan.FromDays(60)))).SetArgDisplayNames("policy, 60 days");
        yield return new TestCaseData((Action<SocketIoClientOptions>)(o => o.ReconnectionPolicy = new FixedPolicy(TimeSpan.MaxValue))).SetArgDisplayNames("policy, TimeSpan.MaxValue");
        yield return new TestCaseData((Action<SocketIoClientOptions>)(o =>
        {
            o.ReconnectionDelay = TimeSpan.FromDays(60);
            o.ReconnectionDelayMax = TimeSpan.FromDays(90);
            o.RandomizationFactor = 0;
        })).SetArgDisplayNames("ReconnectionDelay 60 days");
    }

    [TestCaseSource(nameof(HugeDelays))]
    public async Task A_delay_beyond_the_longest_timer_is_waited_as_the_longest_and_the_client_reconnects(Action<SocketIoClientOptions> configure)
    {
        var clock = new LongTimerClock();
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o =>
        {
            configure(o);
            o.TimeProvider = clock;
        });
        var reconnecting = new TaskCompletionSource<SocketIoReconnectingEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnecting += (_, e) => reconnecting.TrySetResult(e);
        client.Reconnected += (_, _) => reconnected.TrySetResult();
        var session = await ConnectV5Async(factory, client);

        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var armed = await clock.LongTimerArmed.Task.WaitAsync(Timeout);
        clock.Advance(armed - TimeSpan.FromMilliseconds(1));
        var early = reconnecting.Task.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var attempt = await reconnecting.Task.WaitAsync(Timeout);
        var second = await factory.NextOpenedAsync();
        await second.NextSentAsync();
        second.ServerSends("0{\"sid\":\"s2\"}");
        await reconnected.Task.WaitAsync(Timeout);

        Assert.That(armed, Is.EqualTo(Longest));
        Assert.That(early, Is.False, "not before the delay");
        Assert.That(attempt.Delay, Is.EqualTo(Longest));
    }
}
