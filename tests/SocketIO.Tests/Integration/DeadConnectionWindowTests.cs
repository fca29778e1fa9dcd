using System.Threading.Channels;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// The window right after the connection died, before the Socket.IO layer heard of it: no Engine.IO exception may
/// escape the Socket.IO API there. Emits behave as offline emits (buffered for the reconnection, volatile ones
/// dropped, a full buffer a <see cref="SocketIoDisconnectedException"/>), acks fail as disconnected, and a connect
/// whose session ends right after the handshake fails with a <see cref="SocketIoConnectException"/> carrying the
/// cause. The server closes at the chosen moment and <see cref="GatedTransportFactory"/> holds the window open.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class DeadConnectionWindowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // How long a close packet waits for a write in flight to settle (the Engine.IO client's bound).
    private static readonly TimeSpan WriteSettle = TimeSpan.FromSeconds(5);

    [TestCase("websocket")]
    [TestCase("polling")]
    public async Task Emits_in_the_window_are_buffered_and_sent_after_the_reconnection(string transport)
    {
        var gate = new GatedTransportFactory();
        await using var client = await ConnectLifecycleAsync(transport, gate, o => { });
        var lifecycle = client.Of("/lifecycle");
        var echoes = Channel.CreateUnbounded<string>();
        lifecycle.On("echo", e => echoes.Writer.TryWrite(e.GetValue<string>()));

        var dropped = await OpenWindowAsync(lifecycle, gate);
        Task emit, volatileEmit;
        Task<int> ack;
        try
        {
            Assert.That(lifecycle.IsConnected, Is.True, "the socket has not heard of the loss yet");
            emit = lifecycle.EmitAsync("echo", "sent in the window");
            ack = lifecycle.EmitWithAckAsync<int>("ack-on-attempt", ["window", 1], CancellationToken.None);
            volatileEmit = lifecycle.EmitAsync("echo", ["volatile in the window"], new SocketIoEmitOptions { Volatile = true });
            Assert.That(emit.IsCompletedSuccessfully, Is.True, () => $"the emit failed: {emit.Exception?.InnerException}");
            Assert.That(volatileEmit.IsCompletedSuccessfully, Is.True, () => $"the volatile emit failed: {volatileEmit.Exception?.InnerException}");
        }
        finally
        {
            gate.Open();
        }

        await dropped;
        Assert.That(await echoes.Reader.ReadAsync().AsTask().WaitAsync(Timeout), Is.EqualTo("sent in the window"));
        Assert.That(await ack.WaitAsync(Timeout), Is.EqualTo(1));
    }

    [Test]
    public async Task An_emit_in_the_window_that_cannot_be_buffered_fails_as_disconnected()
    {
        var gate = new GatedTransportFactory();
        await using var client = await ConnectLifecycleAsync("websocket", gate, o => o.SendBufferCapacity = 0);
        var lifecycle = client.Of("/lifecycle");

        var dropped = await OpenWindowAsync(lifecycle, gate);
        try
        {
            var error = Assert.ThrowsAsync<SocketIoDisconnectedException>(() => lifecycle.EmitAsync("echo", "no room"));
            Assert.That(error!.InnerException, Is.Not.Null);
            Assert.ThrowsAsync<SocketIoDisconnectedException>(() => lifecycle.EmitWithAckAsync("ack-on-attempt", "k", 1));
        }
        finally
        {
            gate.Open();
        }

        await dropped;
    }

    [Test]
    public async Task Acknowledging_a_server_event_in_the_window_fails_as_disconnected()
    {
        var gate = new GatedTransportFactory();
        await using var client = await ConnectLifecycleAsync("websocket", gate, o => o.Reconnection = false);
        var lifecycle = client.Of("/lifecycle");
        var asked = new TaskCompletionSource<SocketIoEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lifecycle.On("call-me", e => asked.TrySetResult(e));
        await lifecycle.EmitAsync("call-me").WaitAsync(Timeout);
        var request = await asked.Task.WaitAsync(Timeout);

        var dropped = await OpenWindowAsync(lifecycle, gate);
        try
        {
            Assert.ThrowsAsync<SocketIoDisconnectedException>(() => request.AckAsync("too late").WaitAsync(Timeout));
        }
        finally
        {
            gate.Open();
        }

        await dropped;
    }

    [TestCase("open-close", false)]
    [TestCase("open-close", true)]
    [TestCase("open-ping1", false)]
    [TestCase("open-ping1", true)]
    public async Task A_session_that_ends_right_after_the_handshake_fails_the_connect_with_the_cause(string behaviour, bool joinAfterTheEnd)
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        var gate = new GatedTransportFactory();
        var options = new SocketIoClientOptions
        {
            Transports = ["polling"],
            Upgrade = false,
            Reconnection = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            TransportFactory = gate,
        };
        options.Query["hostile"] = behaviour + ",hang";

        // open-close ends the session with a close packet; when the join's POST is already in flight (the server never
        // answers it), the close waits for that write up to its bound (5 s) before the session ends. That bound runs on
        // a fake clock here, moved once the wait is armed. open-ping1 needs the real clock for its 1 ms ping timeout.
        var clock = behaviour == "open-close" ? new FakeClock() : null;
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }

        if (!joinAfterTheEnd)
        {
            // No window held open: the join races the end of the session, as it would in the wild.
            gate.Open();
        }
        else
        {
            // The namespace CONNECT is written only once the Engine.IO session has ended (its transport is being
            // disposed), so the join meets the dead session every time.
            options.AuthProvider = async _ =>
            {
                await gate.Disposing.WaitAsync(Timeout);
                return null;
            };
        }

        await using var client = new SocketIoClient(server.HttpUri, options);
        var connecting = client.ConnectAsync();
        Exception? error;
        try
        {
            if (clock is not null)
            {
                var writeSettleArmed = clock.WhenArmedAsync(WriteSettle);
                if (await Task.WhenAny(connecting, writeSettleArmed).WaitAsync(Timeout) == writeSettleArmed)
                {
                    clock.Advance(WriteSettle);
                }
            }

            error = await CatchAsync(connecting.WaitAsync(Timeout));
        }
        finally
        {
            gate.Open();
        }

        Assert.That(error, Is.InstanceOf<SocketIoConnectException>(), () => $"got {error}");
        Assert.That(error!.InnerException, Is.Not.Null, "the cause is inside");
        Assert.That(error.InnerException, Is.Not.InstanceOf<TimeoutException>(), "the end of the session was seen, not a timeout");
        Assert.That(client.IsConnected, Is.False);
    }

    private static async Task<Exception?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static async Task<SocketIoClient> ConnectLifecycleAsync(string transport, GatedTransportFactory gate, Action<SocketIoClientOptions> configure)
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        var options = new SocketIoClientOptions
        {
            Transports = [transport],
            Upgrade = false,
            TransportFactory = gate,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ReconnectionDelay = TimeSpan.FromMilliseconds(50),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(200),
            RandomizationFactor = 0,
        };
        configure(options);
        var client = new SocketIoClient(server.HttpUri, options);
        await client.Of("/lifecycle").ConnectAsync().WaitAsync(Timeout);
        return client;
    }

    /// <summary>Makes the server drop the connection and waits until the client's session is closing, its transport
    /// held at the gate. Returns a task that completes when the socket has seen the disconnect.</summary>
    private static async Task<Task> OpenWindowAsync(SocketIoSocket socket, GatedTransportFactory gate)
    {
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Disconnected += (_, _) => disconnected.TrySetResult();
        await socket.EmitAsync("drop-transport").WaitAsync(Timeout);
        await gate.Disposing.WaitAsync(Timeout);
        return disconnected.Task.WaitAsync(Timeout);
    }
}
