using System.Diagnostics;
using Tusk.Cli.Bench;

namespace Tusk.Cli.Tests;

/// <summary>
/// The bench's interval histograms are reused from tick to tick (a new one per tick is a large-object-heap array): each
/// interval must still hold exactly what was recorded since the previous one, never a count twice.
/// </summary>
[TestFixture]
public sealed class BenchMetricsTests
{
    [Test]
    public void Each_latency_interval_holds_only_what_was_recorded_since_the_previous_one()
    {
        var metrics = new BenchMetrics();
        var started = Stopwatch.GetTimestamp();

        Record(metrics, started, 3);
        Assert.That(metrics.TakeLatencyInterval().TotalCount, Is.EqualTo(3));

        Record(metrics, started, 5);
        Assert.That(metrics.TakeLatencyInterval().TotalCount, Is.EqualTo(5));

        Assert.That(metrics.TakeLatencyInterval().TotalCount, Is.Zero);

        Record(metrics, started, 2);
        Assert.That(metrics.TakeLatencyInterval().TotalCount, Is.EqualTo(2));
        Assert.That(metrics.Completed, Is.EqualTo(10));
    }

    [Test]
    public void Intervals_added_up_tick_by_tick_count_every_latency_once()
    {
        var metrics = new BenchMetrics();
        var total = BenchMetrics.NewHistogram();
        var started = Stopwatch.GetTimestamp();
        for (var tick = 1; tick <= 20; tick++)
        {
            Record(metrics, started, tick);
            total.Add(metrics.TakeLatencyInterval());
        }

        Assert.That(total.TotalCount, Is.EqualTo(20 * 21 / 2));
    }

    [Test]
    public void Each_connect_interval_holds_only_what_was_recorded_since_the_previous_one()
    {
        var metrics = new BenchMetrics();
        var started = Stopwatch.GetTimestamp();

        metrics.RecordConnect(started);
        metrics.RecordConnect(started);
        Assert.That(metrics.TakeConnectInterval().TotalCount, Is.EqualTo(2));

        metrics.RecordConnect(started);
        Assert.That(metrics.TakeConnectInterval().TotalCount, Is.EqualTo(1));
        Assert.That(metrics.TakeConnectInterval().TotalCount, Is.Zero);
    }

    private static void Record(BenchMetrics metrics, long started, int count)
    {
        for (var i = 0; i < count; i++)
        {
            metrics.RecordCompleted(started);
        }
    }
}
