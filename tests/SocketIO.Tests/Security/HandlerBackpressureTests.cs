using Microsoft.Extensions.Logging;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Security;

/// <summary>
/// A server that floods events while a handler is slow: the events waiting for handlers stay within
/// <see cref="SocketIoClientOptions.HandlerQueueMaxBytes"/> (plus the one event that crossed it) because the receive loop
/// stops reading, none is dropped, and the Disconnected that follows them is still raised.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HandlerBackpressureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [TestCase("sio-v4", "websocket")]
    [TestCase("sio-v4", "polling")]
    [TestCase("sio-v2", "websocket")]
    public async Task A_flood_behind_a_slow_synchronous_handler_is_held_within_the_byte_bound_and_nothing_is_lost(string module, string transport)
    {
        const int Count = 50;
        const int Size = 20_000;
        const long Bound = 100_000;
        var server = await TestServers.GetSharedAsync(module);
        using var logs = new TextCapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions
        {
            Transports = [transport],
            Upgrade = false,
            Reconnection = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            HandlerQueueMaxBytes = Bound,
            LoggerFactory = loggerFactory,
        });
        var flood = client.Of("/flood");
        var firstWait = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long mostQueued = 0;
        client.Manager.Dispatcher.WaitingForRoom = bytes =>
        {
            InterlockedMax(ref mostQueued, bytes);
            firstWait.TrySetResult(bytes);
        };

        using var gate = new ManualResetEventSlim();
        var received = new List<int>();
        flood.On("flood", e =>
        {
            InterlockedMax(ref mostQueued, client.Manager.Dispatcher.QueuedBytes);
            if (e.GetValue<int>() == 0)
            {
                gate.Wait(Timeout); // slow and synchronous: the queue does not move while it runs
            }

            lock (received)
            {
                received.Add(e.GetValue<int>());
            }
        });
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        flood.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await flood.ConnectAsync().WaitAsync(Timeout);

        await flood.EmitAsync("flood", Count, Size).WaitAsync(Timeout);
        var queuedAtFirstWait = await firstWait.Task.WaitAsync(Timeout);

        Assert.That(queuedAtFirstWait, Is.GreaterThan(Bound).And.LessThanOrEqualTo(Bound + Size + 100), "the loop stopped reading once past the bound");
        Assert.That(disconnected.Task.IsCompleted, Is.False, "the server's DISCONNECT behind the flood was not read yet");
        gate.Set();

        var args = await disconnected.Task.WaitAsync(Timeout);
        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.IoServerDisconnect), "Disconnected is raised after the flood");
        lock (received)
        {
            Assert.That(received, Is.EqualTo(Enumerable.Range(0, Count)), "every event reached the handler, in order, before Disconnected");
        }

        Assert.That(Interlocked.Read(ref mostQueued), Is.LessThanOrEqualTo(Bound + Size + 100), "never more than the bound and one event waited");
        Assert.That(logs.Entries, Has.Some.StartsWith("[Information] Tusk.SocketIO.SocketIoClient HandlersBehind:").And.Contain("HandlerQueueMaxBytes 100000"));
        Assert.That(logs.Entries, Has.None.Contain("dropped"));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
