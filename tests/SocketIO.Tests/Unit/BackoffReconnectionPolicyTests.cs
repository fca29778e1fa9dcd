using Tusk.SocketIO.Internal;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>The default reconnection policy: the JS client's backoff, with the attempt number from the context.</summary>
public class BackoffReconnectionPolicyTests
{
    private static SocketIoReconnectionContext Attempt(int attempt) => new() { Attempt = attempt };

    [Test]
    public void WithoutJitter_DoublesUpToTheMaximum()
    {
        var policy = new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), jitter: 0, maxAttempts: int.MaxValue);

        var delays = Enumerable.Range(1, 5).Select(n => policy.NextDelay(Attempt(n))!.Value.TotalMilliseconds).ToArray();

        Assert.That(delays, Is.EqualTo(new double[] { 1000, 2000, 4000, 5000, 5000 }));
    }

    [Test]
    public void Jitter_MovesDownOnEvenTenthsAndUpOnOdd()
    {
        // r = 0.25: floor(r*10) = 2 (even) => minus floor(0.25 * 0.5 * 1000) = 125.
        var down = new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0.5, int.MaxValue, () => 0.25);
        // r = 0.35: floor(r*10) = 3 (odd) => plus floor(0.35 * 0.5 * 1000) = 175.
        var up = new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0.5, int.MaxValue, () => 0.35);

        Assert.That(down.NextDelay(Attempt(1))!.Value.TotalMilliseconds, Is.EqualTo(875));
        Assert.That(up.NextDelay(Attempt(1))!.Value.TotalMilliseconds, Is.EqualTo(1175));
    }

    [Test]
    public void ManyAttemptsNeverOverflowAndTheFirstStartsOver()
    {
        var policy = new BackoffReconnectionPolicy(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5), 0.5, int.MaxValue);
        for (var attempt = 1; attempt <= 2000; attempt++)
        {
            Assert.That(policy.NextDelay(Attempt(attempt)), Is.InRange(TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        }

        Assert.That(policy.NextDelay(Attempt(int.MaxValue)), Is.InRange(TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        Assert.That(policy.NextDelay(Attempt(1)), Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(15)));
    }

    [Test]
    public void StopsAfterTheMaximumNumberOfAttempts()
    {
        var policy = new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0, maxAttempts: 3);

        Assert.That(policy.NextDelay(Attempt(3)), Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(policy.NextDelay(Attempt(4)), Is.Null);
        Assert.That(new BackoffReconnectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0, maxAttempts: 0).NextDelay(Attempt(1)), Is.Null);
    }

    [Test]
    public void IsBuiltFromTheClientOptions()
    {
        var policy = BackoffReconnectionPolicy.From(new SocketIoClientOptions
        {
            ReconnectionDelay = TimeSpan.FromMilliseconds(100),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(300),
            RandomizationFactor = 0,
            ReconnectionAttempts = 2,
        });

        Assert.That(new[] { policy.NextDelay(Attempt(1)), policy.NextDelay(Attempt(2)), policy.NextDelay(Attempt(3)) },
            Is.EqualTo(new TimeSpan?[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), null }));
    }
}
