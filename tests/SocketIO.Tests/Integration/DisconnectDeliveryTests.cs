namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// Events sent just before a client-side disconnect must all reach the server's handlers. socket.io 2.x-4.x dispatch a
/// received event on <c>process.nextTick</c> and drop it when the socket disconnected in the meantime ("ignore packet
/// received after disconnection", socketio/socket.io#5213): an event read in the same chunk as the DISCONNECT after it
/// is lost. The client therefore makes sure the server has read what it sent before it sends the DISCONNECT.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DisconnectDeliveryTests
{
    // Enough events that, without the barrier, the last of them and the DISCONNECT leave in one write.
    private const int Events = 50;

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Events_sent_right_before_DisconnectAsync_all_reach_the_server(SioTarget target)
    {
        var server = await target.ServerAsync();
        var room = Guid.NewGuid().ToString("N");
        await using var listener = target.Client(server);
        var listening = listener.Of("/csr");
        var ticks = new TickCounter(listening, Events);
        await listening.ConnectAsync().WaitAsync(SioTarget.Timeout);
        Assert.That(await listening.EmitWithAckAsync<bool>("join", room).WaitAsync(SioTarget.Timeout), Is.True);

        await using var sender = target.Client(server);
        var sending = sender.Of("/csr");
        await sending.ConnectAsync().WaitAsync(SioTarget.Timeout);
        for (var i = 0; i < Events; i++)
        {
            await sending.EmitAsync("tick", room);
        }

        await sending.DisconnectAsync().WaitAsync(SioTarget.Timeout);

        // The server broadcasts each tick it dispatched to the listener; the last one is the one a race would lose.
        Assert.That(await ticks.WaitAsync(SioTarget.Timeout), Is.EqualTo(Events), "events the server dispatched before the sender's DISCONNECT");
    }
}
