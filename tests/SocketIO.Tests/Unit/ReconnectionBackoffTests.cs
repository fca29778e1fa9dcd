using Tusk.SocketIO.Internal;

namespace Tusk.SocketIO.Tests.Unit;

public class ReconnectionBackoffTests
{
    [Test]
    public void WithoutJitter_DoublesUpToTheMaximum()
    {
        var backoff = new ReconnectionBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), jitter: 0);

        var delays = Enumerable.Range(0, 5).Select(_ => backoff.NextDelay().TotalMilliseconds).ToArray();

        Assert.That(delays, Is.EqualTo(new double[] { 1000, 2000, 4000, 5000, 5000 }));
        Assert.That(backoff.Attempts, Is.EqualTo(5));
    }

    [Test]
    public void Jitter_MovesDownOnEvenTenthsAndUpOnOdd()
    {
        // r = 0.25: floor(r*10) = 2 (even) => minus floor(0.25 * 0.5 * 1000) = 125.
        var down = new ReconnectionBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0.5, () => 0.25);
        // r = 0.35: floor(r*10) = 3 (odd) => plus floor(0.35 * 0.5 * 1000) = 175.
        var up = new ReconnectionBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0.5, () => 0.35);

        Assert.That(down.NextDelay().TotalMilliseconds, Is.EqualTo(875));
        Assert.That(up.NextDelay().TotalMilliseconds, Is.EqualTo(1175));
    }

    [Test]
    public void Reset_StartsOverAndManyAttemptsNeverOverflow()
    {
        var backoff = new ReconnectionBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5), 0.5);
        for (var i = 0; i < 2000; i++)
        {
            Assert.That(backoff.NextDelay(), Is.InRange(TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        }

        backoff.Reset();

        Assert.That(backoff.Attempts, Is.Zero);
        Assert.That(backoff.NextDelay(), Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(15)));
    }
}
