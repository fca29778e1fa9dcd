using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// <see cref="SocketIoClientOptions.InlineAckContinuations"/>: an answered ack runs a synchronous continuation on the
/// thread that completes it (the receive loop); without the option, and for failed acks either way, continuations run
/// on the thread pool, never on the completing thread.
/// </summary>
public class InlineAckContinuationsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly SocketIoJson Json = new();

    [Test]
    public void The_option_is_off_by_default()
    {
        Assert.That(new SocketIoClientOptions().InlineAckContinuations, Is.False);
    }

    [Test]
    public void With_the_option_an_answered_ack_runs_its_continuation_on_the_completing_thread_before_returning()
    {
        var table = new AckTable(inlineContinuations: true);
        var observed = Observe(table.Register(0));

        table.TryComplete(0, Ack());

        // Completed before TryComplete returned, on this thread.
        Assert.That(observed.IsCompleted, Is.True);
        Assert.That(observed.Result, Is.EqualTo(Environment.CurrentManagedThreadId));
    }

    [Test]
    public void Without_the_option_an_answered_ack_runs_its_continuation_on_another_thread()
    {
        var table = new AckTable();
        var observed = Observe(table.Register(0));

        table.TryComplete(0, Ack());

        Assert.That(observed.Wait(Bound), Is.True);
        Assert.That(observed.Result, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
    }

    [TestCase("Fail")]
    [TestCase("FailSent")]
    [TestCase("FailAll")]
    public void With_the_option_a_failed_ack_still_runs_its_continuation_on_another_thread(string how)
    {
        var table = new AckTable(inlineContinuations: true);
        var pending = table.Register(0);
        table.MarkSent(0);
        var observed = Observe(pending);
        var error = new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportClose);

        switch (how)
        {
            case "Fail":
                table.Fail(0, error);
                break;
            case "FailSent":
                table.FailSent(error);
                break;
            default:
                table.FailAll(error);
                break;
        }

        Assert.That(observed.Wait(Bound), Is.True);
        Assert.That(observed.Result, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(pending.Exception?.InnerException, Is.SameAs(error));
        Assert.That(table.Count, Is.Zero);
    }

    // The thread a synchronous continuation ran on. The calling thread stays busy in the test (no await) until the
    // continuation has run, so a continuation queued to the thread pool cannot land on it.
    private static Task<int> Observe(Task<SocketIoAck> pending) =>
        pending.ContinueWith(static _ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static SocketIoAck Ack() => new(SocketIoJson.DecodeArguments("[1]", []), Json);
}
