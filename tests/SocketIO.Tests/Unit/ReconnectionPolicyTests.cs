using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using static Tusk.SocketIO.Tests.Unit.ClientBehaviourTests;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// <see cref="SocketIoClientOptions.ReconnectionPolicy"/> over a scripted in-memory session: the client asks the policy
/// before every attempt, waits what it returns, and stops when it returns null. The delays are a few milliseconds:
/// the tests await the client's events, never a clock.
/// </summary>
public class ReconnectionPolicyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Answers with a delegate and records every context it was asked with.</summary>
    private sealed class RecordingPolicy(Func<SocketIoReconnectionContext, TimeSpan?> answer) : ISocketIoReconnectionPolicy
    {
        public ConcurrentQueue<SocketIoReconnectionContext> Asked { get; } = new();

        public TimeSpan? NextDelay(SocketIoReconnectionContext context)
        {
            Asked.Enqueue(context);
            return answer(context);
        }
    }

    /// <summary>The client's manager-level events, in the order they were raised.</summary>
    private sealed class Events
    {
        public List<SocketIoReconnectingEventArgs> Reconnecting { get; } = [];

        public List<SocketIoConnectErrorEventArgs> ConnectErrors { get; } = [];

        public TaskCompletionSource<SocketIoDisconnectedEventArgs> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<SocketIoReconnectedEventArgs> Reconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static Events Of(SocketIoClient client)
        {
            var events = new Events();
            client.Reconnecting += (_, e) => events.Reconnecting.Add(e);
            client.ConnectError += (_, e) => events.ConnectErrors.Add(e);
            client.Disconnected += (_, e) => events.Disconnected.TrySetResult(e);
            client.ReconnectFailed += (_, _) => events.Failed.TrySetResult();
            client.Reconnected += (_, e) => events.Reconnected.TrySetResult(e);
            return events;
        }
    }

    [Test]
    public async Task A_policy_that_stops_after_two_attempts_gets_two_attempts_then_ReconnectFailed()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var policy = new RecordingPolicy(context => context.Attempt <= 2 ? TimeSpan.Zero : null);
        await using var client = Client(factory, o =>
        {
            o.ReconnectionPolicy = policy;
            o.ReconnectionAttempts = 100; // the default backoff's setting: not used beside a policy
        });
        var events = Events.Of(client);
        var session = await ConnectV5Async(factory, client);

        factory.Unreachable = true;
        session.ServerSends("9 not a packet");
        await events.Failed.Task.WaitAsync(Timeout);

        // Events run in order on one dispatcher, so everything raised before ReconnectFailed has been seen.
        var asked = policy.Asked.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(factory.FailedAttempts, Is.EqualTo(2));
            Assert.That(events.Reconnecting.Select(e => e.Attempt), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(events.ConnectErrors.Select(e => e.WillRetry), Is.EqualTo(new[] { true, false }));
            Assert.That(asked.Select(c => c.Attempt), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(asked.Select(c => c.DisconnectReason), Is.All.EqualTo(SocketIoDisconnectReason.ParseError));
            Assert.That(asked[0].LastError, Is.InstanceOf<SocketIoProtocolException>(), "attempt 1 is told what ended the connection");
            Assert.That(asked[1].LastError, Is.SameAs(events.ConnectErrors[0].Exception), "later attempts are told why the previous one failed");
            Assert.That(asked[2].LastError, Is.SameAs(events.ConnectErrors[1].Exception));
            Assert.That(asked[0].ElapsedTime, Is.EqualTo(TimeSpan.Zero));
            Assert.That(asked[2].ElapsedTime, Is.GreaterThanOrEqualTo(asked[1].ElapsedTime));
            Assert.That(client.IsActive, Is.False);
        });
    }

    [Test]
    public async Task The_client_waits_the_delays_the_policy_returns_and_reconnects()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var delays = new[] { TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(7) };
        var policy = new RecordingPolicy(context =>
        {
            // The second attempt finds the server back.
            factory.Unreachable = context.Attempt < 2;
            return delays[context.Attempt - 1];
        });
        await using var client = Client(factory, o => o.ReconnectionPolicy = policy);
        var events = Events.Of(client);
        var session = await ConnectV5Async(factory, client);

        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var second = await factory.NextOpenedAsync();
        await second.NextSentAsync();
        second.ServerSends("0{\"sid\":\"s2\"}");
        var reconnected = await events.Reconnected.Task.WaitAsync(Timeout);
        var disconnected = await events.Disconnected.Task.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(disconnected.WillReconnect, Is.True);
            Assert.That(events.Reconnecting.Select(e => e.Delay), Is.EqualTo(delays));
            Assert.That(reconnected.Attempts, Is.EqualTo(2));
            Assert.That(policy.Asked.Select(c => c.Attempt), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(policy.Asked.First().LastError, Is.Null, "the connection closed without an error");
        });
    }

    [Test]
    public async Task A_policy_that_stops_at_once_means_the_disconnect_is_final()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var policy = new RecordingPolicy(_ => null);
        await using var client = Client(factory, o => o.ReconnectionPolicy = policy);
        var events = Events.Of(client);
        var session = await ConnectV5Async(factory, client);

        session.ServerCloses(SocketIoDisconnectReason.PingTimeout);
        var disconnected = await events.Disconnected.Task.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(disconnected.WillReconnect, Is.False);
            Assert.That(client.IsActive, Is.False);
            Assert.That(policy.Asked.Single().DisconnectReason, Is.EqualTo(SocketIoDisconnectReason.PingTimeout));
            Assert.That(events.Reconnecting, Is.Empty);
        });
    }

    [Test]
    public async Task A_policy_that_throws_stops_the_reconnection_and_is_logged()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var logs = new CapturingLoggerProvider();
        var failure = new InvalidOperationException("policy bug");
        var policy = new RecordingPolicy(context => context.Attempt == 1 ? TimeSpan.Zero : throw failure);
        await using var client = Client(factory, o =>
        {
            o.ReconnectionPolicy = policy;
            o.LoggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        });
        var events = Events.Of(client);
        var session = await ConnectV5Async(factory, client);

        factory.Unreachable = true;
        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await events.Failed.Task.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(factory.FailedAttempts, Is.EqualTo(1));
            Assert.That(events.ConnectErrors.Select(e => e.WillRetry), Is.EqualTo(new[] { false }));
            Assert.That(logs.Entries, Has.One.Matches<(string Name, Exception? Error)>(e => e.Name == "ReconnectionPolicyFailed" && e.Error == failure));
        });
    }

    [Test]
    public async Task A_negative_delay_counts_as_zero()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = Client(factory, o => o.ReconnectionPolicy = new RecordingPolicy(_ => TimeSpan.FromSeconds(-5)));
        var events = Events.Of(client);
        var session = await ConnectV5Async(factory, client);

        session.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var second = await factory.NextOpenedAsync();
        await second.NextSentAsync();
        second.ServerSends("0{\"sid\":\"s2\"}");
        await events.Reconnected.Task.WaitAsync(Timeout);

        Assert.That(events.Reconnecting.Single().Delay, Is.EqualTo(TimeSpan.Zero));
    }
}
