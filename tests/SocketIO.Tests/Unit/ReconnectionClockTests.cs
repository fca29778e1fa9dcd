using Microsoft.Extensions.Logging;
using Moq;
using Tusk.SocketIO.Sessions;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// The reconnection decisions of the client over a mocked session factory (a seam of ours: each open attempt succeeds
/// with an in-memory session or fails as the test scripts it), with the delays on a fake clock. The backoff is exact
/// here, so the tests check each delay to the millisecond, and no test waits one out; the integration tests show the
/// same reconnection against real servers.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ReconnectionClockTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SocketIoClient Client(ISocketIoSessionFactory factory, FakeClock clock, Action<SocketIoClientOptions>? configure = null)
    {
        var options = new SocketIoClientOptions
        {
            ReconnectionDelay = TimeSpan.FromSeconds(1),
            ReconnectionDelayMax = TimeSpan.FromSeconds(5),
            RandomizationFactor = 0,
            TimeProvider = clock,
        };
        configure?.Invoke(options);
        return new SocketIoClient(new Uri("http://127.0.0.1:1"), options, factory);
    }

    private static Mock<ISocketIoSessionFactory> Factory()
    {
        var factory = new Mock<ISocketIoSessionFactory>(MockBehavior.Strict);
        factory.Setup(f => f.DiagnoseAsync(It.IsAny<Exception>())).ReturnsAsync((SocketIoProtocolMismatchException?)null);
        return factory;
    }

    private static SocketIoConnectException Refused() => new("Connection refused (scripted).");

    /// <summary>The server side of the default namespace's CONNECT on <paramref name="session"/>.</summary>
    private static async Task AcceptConnectAsync(FakeSession session, string sid)
    {
        Assert.That(await session.NextSentAsync(), Is.EqualTo("0"));
        session.ServerSends("0{\"sid\":\"" + sid + "\"}");
    }

    [Test]
    public async Task The_backoff_doubles_from_ReconnectionDelay_up_to_ReconnectionDelayMax_and_a_success_starts_it_over()
    {
        var first = new FakeSession(SocketIoProtocol.V5, "engine1");
        var second = new FakeSession(SocketIoProtocol.V5, "engine2");
        var factory = Factory();
        factory.SetupSequence(f => f.OpenAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(first)
            .ThrowsAsync(Refused())
            .ThrowsAsync(Refused())
            .ThrowsAsync(Refused())
            .ReturnsAsync(second);
        var clock = new FakeClock();
        await using var client = Client(factory.Object, clock);
        var reconnected = new TaskCompletionSource<SocketIoReconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, e) => reconnected.TrySetResult(e);
        var connecting = client.ConnectAsync();
        await AcceptConnectAsync(first, "s1");
        await connecting.WaitAsync(Timeout);

        first.ServerCloses(SocketIoDisconnectReason.TransportClose);

        // 1 s, 2 s, 4 s, then 8 s capped to 5 s: each delay is armed with exactly that length before its attempt.
        foreach (var seconds in new[] { 1, 2, 4, 5 })
        {
            await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(seconds), Timeout);
        }

        await AcceptConnectAsync(second, "s2");
        Assert.That((await reconnected.Task.WaitAsync(Timeout)).Attempts, Is.EqualTo(4));
        factory.Verify(f => f.OpenAsync(It.IsAny<CancellationToken>()), Times.Exactly(5));

        // After a success the next loss starts from ReconnectionDelay again.
        var third = new FakeSession(SocketIoProtocol.V5, "engine3");
        factory.Setup(f => f.OpenAsync(It.IsAny<CancellationToken>())).ReturnsAsync(third);
        second.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1), Timeout);
        await AcceptConnectAsync(third, "s3");
        factory.Verify(f => f.OpenAsync(It.IsAny<CancellationToken>()), Times.Exactly(6));
    }

    [Test]
    public async Task When_ReconnectionAttempts_are_used_up_it_gives_up_logs_it_and_tries_no_more()
    {
        var session = new FakeSession(SocketIoProtocol.V5, "engine1");
        var factory = Factory();
        factory.SetupSequence(f => f.OpenAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(session)
            .ThrowsAsync(Refused())
            .ThrowsAsync(Refused())
            .ThrowsAsync(Refused());
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var loggers = new Mock<ILoggerFactory>();
        loggers.Setup(f => f.CreateLogger(It.IsAny<string>())).Returns(logger.Object);
        var clock = new FakeClock();
        await using var client = Client(factory.Object, clock, o =>
        {
            o.ReconnectionAttempts = 3;
            o.LoggerFactory = loggers.Object;
        });
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ReconnectFailed += (_, _) => gaveUp.TrySetResult();
        var connecting = client.ConnectAsync();
        await AcceptConnectAsync(session, "s1");
        await connecting.WaitAsync(Timeout);

        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        foreach (var seconds in new[] { 1, 2, 4 })
        {
            await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(seconds), Timeout);
        }

        await gaveUp.Task.WaitAsync(Timeout);
        clock.Advance(TimeSpan.FromHours(1));

        factory.Verify(f => f.OpenAsync(It.IsAny<CancellationToken>()), Times.Exactly(4));
        logger.Verify(
            l => l.Log(
                LogLevel.Error,
                It.Is<EventId>(e => e.Name == "ReconnectGaveUp"),
                It.Is<It.IsAnyType>((state, _) => state.ToString() == "Gave up reconnecting after 3 attempts."),
                null,
                It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Once);
        logger.Verify(
            l => l.Log(
                LogLevel.Warning,
                It.Is<EventId>(e => e.Name == "ReconnectFailed"),
                It.IsAny<It.IsAnyType>(),
                It.IsAny<SocketIoConnectException>(),
                It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Exactly(3));
    }

    [Test]
    public async Task An_emit_with_an_ack_made_while_reconnecting_waits_in_the_buffer_and_is_answered_after_the_rejoin()
    {
        var first = new FakeSession(SocketIoProtocol.V5, "engine1");
        var second = new FakeSession(SocketIoProtocol.V5, "engine2");
        var factory = Factory();
        factory.SetupSequence(f => f.OpenAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(first)
            .ReturnsAsync(second);
        var clock = new FakeClock();
        await using var client = Client(factory.Object, clock);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, _) => disconnected.TrySetResult();
        var connecting = client.ConnectAsync();
        await AcceptConnectAsync(first, "s1");
        await connecting.WaitAsync(Timeout);

        first.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await disconnected.Task.WaitAsync(Timeout);
        var ack = client.EmitWithAckAsync<string>("question", "buffered");
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1), Timeout);
        await AcceptConnectAsync(second, "s2");

        // The buffered emit goes out on the new session once the namespace has rejoined, with the next ack id.
        Assert.That(await second.NextSentAsync(), Is.EqualTo("20[\"question\",\"buffered\"]"));
        second.ServerSends("30[\"answer\"]");
        Assert.That(await ack.WaitAsync(Timeout), Is.EqualTo("answer"));
        factory.Verify(f => f.OpenAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));
    }
}
