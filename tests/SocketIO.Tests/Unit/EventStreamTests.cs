using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>A <c>ReadEventsAsync</c> reader's buffer is bounded in events and in bytes, keeps the newest event whatever
/// its size, and reports an overflow once per episode.</summary>
public class EventStreamTests
{
    private static readonly SocketIoJson Json = new();
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SocketIoEvent Event(int value) => new("e", "/", null, SocketIoJson.DecodeArguments($"[{value}]", []), Json, null);

    [Test]
    public async Task The_oldest_unread_events_make_room_by_count_and_by_bytes()
    {
        var stream = new EventStream(capacity: 3, maxBytes: 100);
        stream.Write(Event(1), 10);
        stream.Write(Event(2), 10);
        stream.Write(Event(3), 10);
        stream.Write(Event(4), 10); // the count bound drops 1
        stream.Write(Event(5), 85); // the count bound drops 2, the byte bound 3

        Assert.That(stream.Bytes, Is.EqualTo(95));
        stream.Complete();
        Assert.That(await ReadAllAsync(stream), Is.EqualTo(new[] { 4, 5 }));
        Assert.That(stream.Bytes, Is.Zero);
    }

    [Test]
    public async Task An_event_larger_than_the_byte_bound_replaces_everything_but_is_kept()
    {
        var stream = new EventStream(capacity: 10, maxBytes: 100);
        stream.Write(Event(1), 10);
        stream.Write(Event(2), 500);

        stream.Complete();
        Assert.That(await ReadAllAsync(stream), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public async Task An_overflow_is_reported_once_until_the_reader_empties_the_buffer()
    {
        var stream = new EventStream(capacity: 1, maxBytes: 100);
        var reports = new List<bool>
        {
            stream.Write(Event(1), 1),
            stream.Write(Event(2), 1), // starts dropping: reported
            stream.Write(Event(3), 1), // still dropping: not again
        };
        await using var reader = stream.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.That(await reader.MoveNextAsync().AsTask().WaitAsync(Timeout), Is.True);
        reports.Add(stream.Write(Event(4), 1)); // room again: nothing dropped
        reports.Add(stream.Write(Event(5), 1)); // a new episode: reported

        Assert.That(reader.Current.GetValue<int>(), Is.EqualTo(3));
        Assert.That(reports, Is.EqualTo(new[] { true, false, true, true, false }));
    }

    private static async Task<List<int>> ReadAllAsync(EventStream stream)
    {
        var values = new List<int>();
        await foreach (var item in stream.ReadAllAsync(CancellationToken.None).WithCancellation(CancellationToken.None))
        {
            values.Add(item.GetValue<int>());
        }

        return values;
    }
}
