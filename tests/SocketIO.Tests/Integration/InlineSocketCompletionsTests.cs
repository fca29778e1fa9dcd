using Tusk.Transport.WebSocket;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// Inline socket completions (<see cref="SocketIoClientOptions.SocketCompletions"/>: <see cref="SocketCompletionMode.Inline"/>,
/// and the default <see cref="SocketCompletionMode.Auto"/>, inline while the process holds few inline connections) keep
/// the client's safety properties: the receive path
/// runs on the runtime's socket thread, but handlers still run on the thread pool, so a handler that blocks
/// (synchronously waiting for an ack, which only that socket thread can read) neither stalls the socket nor deadlocks;
/// events, acks and disposal work as without the option. socket.io 4 over WebSocket.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class InlineSocketCompletionsTests
{
    private static readonly SioTarget Target = new(4, "websocket");

    [TestCase(SocketCompletionMode.Inline)]
    [TestCase(SocketCompletionMode.Auto)]
    public async Task A_handler_runs_off_the_socket_thread_and_may_block_on_an_ack(SocketCompletionMode mode)
    {
        var client = Target.Client(await Target.ServerAsync(), o => o.SocketCompletions = mode);
        var socket = client.Of("/ack");
        var handled = new TaskCompletionSource<(bool OnThreadPool, string Ack)>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("test-recv-ack", _ =>
        {
            try
            {
                var onThreadPool = Thread.CurrentThread.IsThreadPoolThread;

                // Sync-over-async inside a handler: the ack arrives through the socket thread, which must not be this one.
                var ack = socket.EmitWithAckAsync("test-send-ack").WaitAsync(SioTarget.Timeout).GetAwaiter().GetResult();
                handled.TrySetResult((onThreadPool, ack.GetValue<string>()!));
            }
            catch (Exception exception)
            {
                handled.TrySetException(exception);
            }
        });
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("test-recv-ack").WaitAsync(SioTarget.Timeout);
        var (onThreadPool, ackValue) = await handled.Task.WaitAsync(SioTarget.Timeout);

        Assert.That(onThreadPool, Is.True, "the handler ran on the socket thread");
        Assert.That(ackValue, Is.EqualTo("+ack"));

        // Many events and acks in flight at once, then disposal, all within the bound.
        var acks = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => socket.EmitWithAckAsync("test-send-ack"))).WaitAsync(SioTarget.Timeout);
        Assert.That(acks.Select(a => a.GetValue<string>()), Is.All.EqualTo("+ack"));
        await client.DisposeAsync().AsTask().WaitAsync(SioTarget.Timeout);
        Assert.That(socket.IsConnected, Is.False);
    }
}
