using Microsoft.Extensions.Logging;
using static Tusk.SocketIO.Tests.Unit.ClientBehaviourTests;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// A namespace that leaves first makes sure the server has read what it sent (the session's flush), then sends its
/// DISCONNECT: socket.io 2.x-4.x drop events read together with the DISCONNECT after them (DisconnectDeliveryTests
/// shows it against the real servers).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FlushBeforeDisconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task The_session_is_flushed_after_the_events_and_before_the_DISCONNECT()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var (session, chat) = await FakeChat.ConnectAsync(factory, client);

        await chat.EmitAsync("a");
        await chat.EmitAsync("b");
        await chat.DisconnectAsync().WaitAsync(Timeout);

        Assert.That(await session.NextSentAsync(), Is.EqualTo("2/chat,[\"a\"]"));
        Assert.That(await session.NextSentAsync(), Is.EqualTo("2/chat,[\"b\"]"));
        Assert.That(await session.NextSentAsync(), Is.EqualTo("1/chat,"));
        lock (session.FlushedAfter)
        {
            // The CONNECT and the two events had been sent; the DISCONNECT had not.
            Assert.That(session.FlushedAfter, Is.EqualTo(new[] { 3 }));
        }
    }

    [Test]
    public async Task A_flush_the_server_does_not_confirm_is_logged_and_the_DISCONNECT_still_goes()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var client = Client(factory, o =>
        {
            o.Reconnection = false;
            o.LoggerFactory = loggerFactory;
        });
        var (session, chat) = await FakeChat.ConnectAsync(factory, client);
        session.FailFlushesWith = new TimeoutException("the server did not confirm");

        await chat.EmitAsync("a");
        await chat.DisconnectAsync().WaitAsync(Timeout);

        Assert.That(await session.NextSentAsync(), Is.EqualTo("2/chat,[\"a\"]"));
        Assert.That(await session.NextSentAsync(), Is.EqualTo("1/chat,"));
        Assert.That(logs.Entries, Has.Some.Matches<(string Name, Exception? Error)>(e => e.Name == "FlushBeforeDisconnectFailed" && e.Error is TimeoutException));
        Assert.That(chat.IsConnected, Is.False);
    }

    [Test]
    public async Task Cancelling_while_the_flush_waits_throws_but_the_namespace_still_leaves_for_good()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.Reconnection = false);
        var (session, chat) = await FakeChat.ConnectAsync(factory, client);
        session.HoldFlushes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var ack = chat.EmitWithAckAsync("question");
        Assert.That(await session.NextSentAsync(), Does.StartWith("2/chat,"));
        using var cancel = new CancellationTokenSource();

        var leaving = chat.DisconnectAsync(cancel.Token);
        Assert.That(leaving.IsCompleted, Is.False, "the flush is still waiting");
        await cancel.CancelAsync();

        Assert.That(async () => await leaving.WaitAsync(Timeout), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await session.NextSentAsync(), Is.EqualTo("1/chat,"), "the DISCONNECT is still queued");
        Assert.That((await disconnected.Task.WaitAsync(Timeout)).Reason, Is.EqualTo(SocketIoDisconnectReason.IoClientDisconnect));
        Assert.That(async () => await ack.WaitAsync(Timeout), Throws.InstanceOf<SocketIoDisconnectedException>());
        Assert.That(chat.IsConnected, Is.False);
        Assert.That(chat.IsActive, Is.False);
    }
}
