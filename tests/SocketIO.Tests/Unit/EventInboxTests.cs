using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

public class EventInboxTests
{
    private static readonly SocketIoJson Json = new();

    private static SocketIoEvent Event(string name, int value) =>
        new(name, "/", null, SocketIoJson.DecodeArguments($"[{value}]", []), Json, null);

    [Test]
    public async Task WaitForAName_LeavesOtherEventsForLaterWaits()
    {
        var inbox = new EventInbox(16);
        inbox.Add(Event("a", 1));
        inbox.Add(Event("b", 2));
        inbox.Add(Event("a", 3));

        var b = await inbox.WaitAsync("b", TimeSpan.Zero, CancellationToken.None);
        var any = await inbox.WaitAsync(null, TimeSpan.Zero, CancellationToken.None);
        var rest = await inbox.DrainAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.That(b?.GetValue<int>(), Is.EqualTo(2));
        Assert.That(any?.GetValue<int>(), Is.EqualTo(1));
        Assert.That(rest.Select(e => e.GetValue<int>()), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public async Task Wait_IsCompletedByALaterMatchingEventOnly()
    {
        var inbox = new EventInbox(16);
        var waiting = inbox.WaitAsync("wanted", TimeSpan.FromSeconds(10), CancellationToken.None);

        inbox.Add(Event("other", 1));
        Assert.That(waiting.IsCompleted, Is.False);
        inbox.Add(Event("wanted", 2));

        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(10)))?.GetValue<int>(), Is.EqualTo(2));
        Assert.That(inbox.Count, Is.EqualTo(1), "the other event is still buffered");
    }

    [Test]
    public async Task Wait_ReturnsNullOnTimeout()
    {
        var inbox = new EventInbox(16);

        Assert.That(await inbox.WaitAsync("never", TimeSpan.FromMilliseconds(20), CancellationToken.None), Is.Null);
    }

    [Test]
    public void Wait_Cancelled_Throws()
    {
        var inbox = new EventInbox(16);
        using var cancellation = new CancellationTokenSource();
        var waiting = inbox.WaitAsync(null, TimeSpan.FromSeconds(10), cancellation.Token);

        cancellation.Cancel();

        Assert.That(() => waiting, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Capacity_DropsTheOldest()
    {
        var inbox = new EventInbox(2);

        var kept = new[] { inbox.Add(Event("a", 1)), inbox.Add(Event("a", 2)), inbox.Add(Event("a", 3)) };
        var drained = await inbox.DrainAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.That(kept, Is.EqualTo(new[] { true, true, false }));
        Assert.That(drained.Select(e => e.GetValue<int>()), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public async Task Overflow_IsReportedOncePerEpisode_AndAgainAfterARead()
    {
        var inbox = new EventInbox(1);

        var firstEpisode = new[] { inbox.Add(Event("a", 1)), inbox.Add(Event("a", 2)), inbox.Add(Event("a", 3)), inbox.Add(Event("a", 4)) };
        var drained = await inbox.DrainAsync(TimeSpan.Zero, CancellationToken.None);
        var secondEpisode = new[] { inbox.Add(Event("a", 5)), inbox.Add(Event("a", 6)), inbox.Add(Event("a", 7)) };

        Assert.That(firstEpisode, Is.EqualTo(new[] { true, false, true, true }));
        Assert.That(drained.Select(e => e.GetValue<int>()), Is.EqualTo(new[] { 4 }));
        Assert.That(secondEpisode, Is.EqualTo(new[] { true, false, true }));
    }

    [Test]
    public async Task Drain_WaitsForTheFirstEventWhenEmpty()
    {
        var inbox = new EventInbox(16);
        var draining = inbox.DrainAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        inbox.Add(Event("x", 1));

        Assert.That((await draining.WaitAsync(TimeSpan.FromSeconds(10))).Single().Name, Is.EqualTo("x"));
    }

    [Test]
    public async Task An_event_a_handler_took_is_not_kept_but_still_reaches_a_pending_wait()
    {
        var inbox = new EventInbox(16);
        var waiting = inbox.WaitAsync("x", TimeSpan.FromSeconds(10), CancellationToken.None);

        inbox.Add(Event("x", 1), size: 10, keep: false);
        inbox.Add(Event("x", 2), size: 10, keep: false);

        Assert.That((await waiting.WaitAsync(TimeSpan.FromSeconds(10)))?.GetValue<int>(), Is.EqualTo(1));
        Assert.That(inbox.Count, Is.Zero);
        Assert.That(inbox.Bytes, Is.Zero);
    }

    [Test]
    public async Task The_byte_bound_drops_the_oldest_events_to_make_room()
    {
        var inbox = new EventInbox(100, maxBytes: 250);

        var kept = new[] { inbox.Add(Event("a", 1), 100), inbox.Add(Event("a", 2), 100), inbox.Add(Event("a", 3), 100), inbox.Add(Event("a", 4), 100) };

        Assert.That(kept, Is.EqualTo(new[] { true, true, false, true }), "the first drop is reported once");
        Assert.That(inbox.Bytes, Is.EqualTo(200));
        var drained = await inbox.DrainAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.That(drained.Select(e => e.GetValue<int>()), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(inbox.Bytes, Is.Zero);
    }

    [Test]
    public async Task An_event_larger_than_the_byte_bound_is_not_kept_and_keeps_what_is_there()
    {
        var inbox = new EventInbox(100, maxBytes: 250);
        inbox.Add(Event("a", 1), 100);

        var kept = inbox.Add(Event("big", 2), 251);

        Assert.That(kept, Is.False, "reported as a drop");
        var drained = await inbox.DrainAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.That(drained.Select(e => e.Name), Is.EqualTo(new[] { "a" }));
    }
}
