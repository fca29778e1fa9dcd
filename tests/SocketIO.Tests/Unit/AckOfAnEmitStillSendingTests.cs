using Tusk.SocketIO.Protocol;
using static Tusk.SocketIO.Tests.Unit.ClientBehaviourTests;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// An ack can be answered before its emit's send has returned: the packet reached the server and the answer came back
/// while the sending thread had not yet seen its write complete. The caller awaiting the ack then resumes on the answer,
/// through the connection's completion queue and so in the answers' arrival order. Awaiting the send first resumed it
/// only when the send returned, after the callers of answers that came later (AckCompletionTests' arrival order failed
/// so once in a whole run). A send that fails later still fails the ack with its exception.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AckOfAnEmitStillSendingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Its_caller_resumes_on_the_answer_while_the_send_has_not_returned()
    {
        var (client, session, chat) = await ConnectChatAsync();
        await using var _ = client;
        var sending = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sendReturns = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.BeforeSend = async packet =>
        {
            sending.TrySetResult(packet.Id!.Value);
            await sendReturns.Task;
        };

        var ack = chat.EmitWithAckAsync("subscribe", 1);
        var id = await sending.Task.WaitAsync(Timeout);
        session.ServerSends($"3/chat,{id}[\"ok\"]");

        try
        {
            Assert.That((await ack.WaitAsync(Timeout)).GetValue<string>(0), Is.EqualTo("ok"));
            Assert.That(sendReturns.Task.IsCompleted, Is.False, "the send had not returned");
        }
        finally
        {
            sendReturns.TrySetResult();
        }
    }

    [Test]
    public async Task A_send_that_fails_after_a_while_fails_the_ack_with_its_exception()
    {
        var (client, session, chat) = await ConnectChatAsync();
        await using var _ = client;
        var failure = new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportError);
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sendReturns = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.BeforeSend = async _ =>
        {
            sending.TrySetResult();
            await sendReturns.Task;
            throw failure;
        };

        var ack = chat.EmitWithAckAsync("subscribe", 1);
        await sending.Task.WaitAsync(Timeout);
        Assert.That(ack.IsCompleted, Is.False, "the send has not returned");
        sendReturns.SetResult();

        // The emit's own exception for a send that failed on the current connection, as when the caller awaited the send.
        var thrown = Assert.CatchAsync<SocketIoDisconnectedException>(() => ack.WaitAsync(Timeout));
        Assert.That(thrown!.Message, Does.StartWith("Sending failed: "));
        Assert.That(thrown.InnerException, Is.SameAs(failure));
    }

    /// <summary>A client without an ack timeout (the default) whose namespace "/chat" is connected on a fake session.</summary>
    private static async Task<(SocketIoClient Client, FakeSession Session, SocketIoSocket Chat)> ConnectChatAsync()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var client = Client(factory, o => o.Reconnection = false);
        var (session, chat) = await FakeChat.ConnectAsync(factory, client);
        return (client, session, chat);
    }
}
