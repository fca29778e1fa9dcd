using System.Text;
using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// An emit's ack is failed by the ack table itself (issue 21: the caller awaits the pending ack's task, with no state
/// machine of the emit's around it): its packet leaves the send buffer before the task fails, and a timeout on the
/// table's timer is the <see cref="SocketIoAckTimeoutException"/> the application sees, saying whether the event was
/// sent. Also the ack's arguments, decoded one detached element each.
/// </summary>
public class EmitAckTableTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    [Test]
    public void A_sent_emit_that_times_out_fails_with_the_event_the_attempt_and_was_sent()
    {
        var clock = new FakeClock();
        var dropped = new List<long>();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock, dropBuffered: id => Record(dropped, id, true));
        var (ack, timedByTable) = table.RegisterEmit(0, Timeout, "ev", attempt: 2);
        table.MarkSent(0);

        clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.That(ack.Task.IsCompleted, Is.False, "1 ms before the deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var timeout = Faulted(ack.Task) as SocketIoAckTimeoutException;
        Assert.That(timedByTable, Is.True);
        Assert.That(timeout, Is.Not.Null, "the application's exception, not the timer's TimeoutException");
        Assert.That((timeout!.EventName, timeout.Attempts, timeout.Timeout, timeout.WasSent), Is.EqualTo(("ev", 2, Timeout, true)));
        Assert.That(timeout.Message, Does.StartWith("No acknowledgement for event 'ev' within 3000 ms after 2 attempt(s)."));
        Assert.That(dropped, Is.Empty, "a sent packet is not looked for in the send buffer");
        Assert.That((ack.Taken, table.Count), Is.EqualTo((true, 0)));
    }

    [Test]
    public void A_buffered_emit_that_times_out_leaves_the_send_buffer_and_says_it_was_never_sent()
    {
        var clock = new FakeClock();
        var dropped = new List<long>();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock, dropBuffered: id => Record(dropped, id, true));
        var (ack, _) = table.RegisterEmit(7, Timeout, "queued", attempt: 1);

        clock.Advance(Timeout);

        var timeout = Faulted(ack.Task) as SocketIoAckTimeoutException;
        Assert.That(timeout?.WasSent, Is.False);
        Assert.That(timeout!.Message, Does.Contain("never sent"));
        Assert.That(dropped, Is.EqualTo(new long[] { 7 }));
    }

    [Test]
    public void A_disconnect_takes_an_unsent_emit_out_of_the_send_buffer_before_its_ack_fails()
    {
        PendingAck? ack = null;
        var completedWhenDropped = new List<bool>();
        var table = new AckTable(dropBuffered: id =>
        {
            completedWhenDropped.Add(ack!.Task.IsCompleted);
            return true;
        });
        (ack, _) = table.RegisterEmit(0, null, "ev", attempt: 1);
        var (sent, _) = table.RegisterEmit(1, null, "ev", attempt: 1);
        table.MarkSent(1);
        var disconnected = new SocketIoDisconnectedException(SocketIoDisconnectReason.IoClientDisconnect);

        table.FailAll(disconnected);

        Assert.That(completedWhenDropped, Is.EqualTo(new[] { false }), "dropped once, for the unsent one, before it failed");
        Assert.That(Faulted(ack.Task), Is.SameAs(disconnected));
        Assert.That(Faulted(sent.Task), Is.SameAs(disconnected));
    }

    [Test]
    public void An_ack_registered_without_an_event_keeps_the_timers_exception_and_touches_no_buffer()
    {
        var clock = new FakeClock();
        var dropped = new List<long>();
        var table = new AckTable(inlineContinuations: false, timeProvider: clock, dropBuffered: id => Record(dropped, id, true));
        var (task, _) = table.Register(0, Timeout);

        clock.Advance(Timeout);

        Assert.That(Faulted(task), Is.TypeOf<TimeoutException>());
        Assert.That(dropped, Is.Empty);
    }

    [Test]
    public async Task An_answered_emit_ack_completes_with_the_answer()
    {
        var table = new AckTable(dropBuffered: _ => throw new AssertionException("an answer touches no buffer"));
        var (ack, _) = table.RegisterEmit(3, null, "ev", attempt: 1);

        Assert.That(ack.Taken, Is.False);
        Assert.That(table.TryComplete(3, new SocketIoAck(SocketIoJson.DecodeArguments(Utf8("[5]"), []), new SocketIoJson())), Is.True);

        Assert.That(ack.Taken, Is.True);
        Assert.That((await ack.Task).GetValue<int>(0), Is.EqualTo(5));
    }

    [TestCase("[]", new string[0])]
    [TestCase("[1]", new[] { "1" })]
    [TestCase("[{\"a\":[1,2]}]", new[] { "{\"a\":[1,2]}" })]
    [TestCase("[\"x\", null, [true]]", new[] { "\"x\"", "null", "[true]" })]
    public void Ack_arguments_from_utf8_are_each_an_element_of_their_own(string payload, string[] expected)
    {
        var bytes = Utf8(payload);

        var decoded = SocketIoJson.DecodeArguments(bytes, []);
        // The elements are detached: they outlive the (reused) receive buffer.
        bytes.Span.Fill((byte)'#');

        Assert.That(decoded.Count, Is.EqualTo(expected.Length));
        Assert.That(Enumerable.Range(0, decoded.Count).Select(i => decoded[i].GetRawText()), Is.EqualTo(expected));
        Assert.That(decoded.Array, expected.Length == 1 ? Is.Null : Is.Not.Null, "a single argument is kept without an array");
    }

    [TestCase("{\"a\":1}", "Expected a JSON array of arguments.")]
    [TestCase("[1,", "The packet payload is not valid JSON.")]
    [TestCase("[1] 2", "The packet payload is not valid JSON.")]
    [TestCase("[1]x", "The packet payload is not valid JSON.")]
    public void Ack_arguments_that_are_not_one_json_array_are_a_protocol_error(string payload, string message)
    {
        var error = Assert.Throws<SocketIoProtocolException>(() => SocketIoJson.DecodeArguments(Utf8(payload), []));

        Assert.That(error!.Message, Is.EqualTo(message));
    }

    private static Memory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static bool Record(List<long> dropped, long id, bool result)
    {
        dropped.Add(id);
        return result;
    }

    private static Exception? Faulted(Task task) => task.IsFaulted ? task.Exception!.InnerException : null;
}
