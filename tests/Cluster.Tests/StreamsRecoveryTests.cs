using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// A cluster on <c>@socket.io/redis-streams-adapter</c> with connection state recovery: a client whose node goes away
/// resumes its session on another node. The fixture has a cluster of its own.
/// </summary>
/// <remarks>
/// <para>
/// socket.io persists a session for recovery when the socket disconnects on a live server (the adapter writes it to
/// Redis). A node stopped in order (SIGTERM: <c>io.close()</c>) does that; a node killed with SIGKILL cannot, so after a
/// crash the client gets a new session (<c>Recovered</c> false) and the application must catch up by itself.
/// </para>
/// <para>
/// One stop and one kill serve every target: the fixture's set-up puts a client of each target on one node
/// (<see cref="SharedVictim"/>), stops that node and records what each client does; then it puts the clients of the
/// kill tests on one of the two nodes left, kills it and records again. Each test asserts its target's record. A stop or
/// kill per test cost a node start per test and ran the eight one after another.
/// </para>
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class StreamsRecoveryTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;

    // The clients' reconnection delay. Their first one is held (HeldDelay) until the round has emitted what they miss
    // while away, so no race decides whether the events were missed; a later one would take this long.
    private static readonly TimeSpan AwayFor = TimeSpan.FromSeconds(1.5);

    private static readonly ClusterTarget[] KillTargets = [new(Balancer.Haproxy, "websocket"), new(Balancer.Nginx, "polling")];

    private SocketIoCluster? _cluster;
    private Dictionary<ClusterTarget, Task<StopOutcome>>? _stopOutcomes;
    private Dictionary<ClusterTarget, Task<KillOutcome>>? _killOutcomes;

    [OneTimeSetUp]
    public async Task StartClusterStopANodeAndKillAnotherAsync()
    {
        _cluster = await SocketIoCluster.StartAsync(ClusterAdapter.Streams);
        _stopOutcomes = await StopRoundAsync(_cluster, ClusterTarget.All.ToList());
        _killOutcomes = await KillRoundAsync(_cluster, KillTargets);
    }

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.All))]
    public async Task StoppingTheClientsNode_RecoversTheSessionOnASurvivor_WithTheEventsMissedMeanwhile(ClusterTarget target)
    {
        var outcome = await (_stopOutcomes ?? throw new InvalidOperationException("The stop round did not run."))[target];

        Assert.That(outcome.Before, Is.EqualTo(("before", outcome.Other)));
        Assert.That(outcome.ChatBefore, Is.EqualTo(("before-chat", outcome.Other)));
        Assert.That(outcome.MissedWhileAway, Is.True, "the events were emitted while the client was away");
        Assert.That(outcome.ConnectsRecovered, Is.EqualTo(new[] { false, true }));
        Assert.That(outcome.Recovered, Is.True);
        Assert.That(outcome.ChatRecovered, Is.True);
        Assert.That(outcome.SameId, Is.True, "the same session, restored");
        Assert.That(outcome.ChatSameId, Is.True);
        Assert.That(outcome.WhileAway, Is.EqualTo(("while-away", outcome.Other)));
        Assert.That(outcome.ChatWhileAway, Is.EqualTo(("while-away-chat", outcome.Other)));
        Assert.That(outcome.NodeAfter, Is.Not.EqualTo(outcome.Victim));
    }

    [TestCase(Balancer.Haproxy, "websocket")]
    [TestCase(Balancer.Nginx, "polling")]
    public async Task KillingTheClientsNode_StartsANewSessionOnASurvivor_ThatReceivesBroadcastsAgain(Balancer balancer, string transport)
    {
        var outcome = await (_killOutcomes ?? throw new InvalidOperationException("The kill round did not run."))[new ClusterTarget(balancer, transport)];

        Assert.That(outcome.Recovered, Is.False, "a killed node persisted nothing to recover");
        Assert.That(outcome.NewId, Is.True);
        Assert.That(outcome.Survivor, Is.Not.EqualTo(outcome.Victim));
        Assert.That(outcome.News, Is.EqualTo("after-crash"));
    }

    /// <summary>
    /// Opens a recovering client (with <c>/chat</c>) per target on one node, each in a room of its own, stops that node,
    /// broadcasts to the rooms while the clients wait to reconnect, and records what each client recovered.
    /// </summary>
    private static async Task<Dictionary<ClusterTarget, Task<StopOutcome>>> StopRoundAsync(SocketIoCluster cluster, IReadOnlyList<ClusterTarget> targets)
    {
        var (victimName, sessions) = await SharedVictim.OpenAsync(targets, target => StopSession.OpenAsync(cluster, target));
        var victim = cluster.Node(victimName);
        var other = cluster.OtherNode(victimName);
        var direct = ClusterTarget.Direct(other);
        try
        {
            await direct.ConnectAsync().WaitAsync(Timeout);
            await direct.Of("/chat").ConnectAsync().WaitAsync(Timeout);
            // A first broadcast gives each client an offset in the stream to recover from.
            await Task.WhenAll(sessions.Select(s => s.BeforeAsync(direct)));

            await victim.StopAsync();
            var outcomes = sessions.Select(s => s.AfterTheStopAsync(victimName, other.Name, direct)).ToList();
            await Task.WhenAll(outcomes.Select(o => o.ContinueWith(_ => { }, TaskScheduler.Default)));
            return targets.Zip(outcomes).ToDictionary(e => e.First, e => e.Second);
        }
        finally
        {
            await SharedVictim.DisposeAllAsync([.. sessions, direct]);
        }
    }

    /// <summary>
    /// Opens a client per kill target on one of the nodes still running (through a new nginx: the cluster's own saw the
    /// stopped node fail), kills that node, and records the new session each client got.
    /// </summary>
    private static async Task<Dictionary<ClusterTarget, Task<KillOutcome>>> KillRoundAsync(SocketIoCluster cluster, IReadOnlyList<ClusterTarget> targets)
    {
        await using var nginx = await cluster.StartAnotherNginxAsync();
        var (victimName, sessions) = await SharedVictim.OpenAsync(targets, target => KillSession.OpenAsync(target, cluster, nginx));
        var victim = cluster.Node(victimName);
        var direct = ClusterTarget.Direct(cluster.OtherNode(victimName));
        try
        {
            await direct.ConnectAsync().WaitAsync(Timeout);
            await victim.KillAsync();
            var outcomes = sessions.Select(s => s.AfterTheKillAsync(victimName, direct)).ToList();
            await Task.WhenAll(outcomes.Select(o => o.ContinueWith(_ => { }, TaskScheduler.Default)));
            return targets.Zip(outcomes).ToDictionary(e => e.First, e => e.Second);
        }
        finally
        {
            await SharedVictim.DisposeAllAsync([.. sessions, direct]);
        }
    }

    /// <summary>What one target's client saw around the stop.</summary>
    private sealed record StopOutcome(
        string Victim,
        string Other,
        (string, string) Before,
        (string, string) ChatBefore,
        bool MissedWhileAway,
        bool[] ConnectsRecovered,
        bool Recovered,
        bool ChatRecovered,
        bool SameId,
        bool ChatSameId,
        (string, string) WhileAway,
        (string, string) ChatWhileAway,
        string NodeAfter);

    /// <summary>What one target's client got after the kill.</summary>
    private sealed record KillOutcome(string Victim, string Survivor, bool Recovered, bool NewId, string News);

    /// <summary>A client that recovers its session, with <c>/chat</c>, both in a room of the session's own.</summary>
    private sealed class StopSession : INodeSession
    {
        private readonly HeldDelay _away = new(AwayFor);
        private readonly List<SocketIoConnectedEventArgs> _connects = [];
        private readonly TaskCompletionSource _again = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _chatAgain;
        private readonly string _room = NodeCalls.NewRoom();
        private string? _firstId;
        private string? _chatFirstId;
        private (string, string) _before;
        private (string, string) _chatBefore;

        private StopSession(ClusterTarget target, SocketIoCluster cluster)
        {
            Client = target.Client(cluster, o =>
            {
                o.ReconnectionDelay = AwayFor;
                o.ReconnectionDelayMax = AwayFor;
                o.RandomizationFactor = 0;
                o.TimeProvider = _away;
            });
            Chat = Client.Of("/chat");
            Client.Connected += (_, e) =>
            {
                lock (_connects)
                {
                    _connects.Add(e);
                    if (_connects.Count == 2)
                    {
                        _again.TrySetResult();
                    }
                }
            };
            _chatAgain = SharedVictim.ConnectedAgain(Chat);
            Client.Disconnected += (_, _) => _disconnected.TrySetResult();
        }

        public SocketIoClient Client { get; }

        public SocketIoSocket Chat { get; }

        public string Node { get; private set; } = "";

        public static async Task<StopSession> OpenAsync(SocketIoCluster cluster, ClusterTarget target)
        {
            var session = new StopSession(target, cluster);
            try
            {
                await session.Client.ConnectAsync().WaitAsync(Timeout);
                await session.Chat.ConnectAsync().WaitAsync(Timeout);
                session.Node = await NodeCalls.JoinAsync(session.Client, session._room);
                await NodeCalls.JoinAsync(session.Chat, session._room);
                session._firstId = session.Client.Id;
                session._chatFirstId = session.Chat.Id;
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        public async Task BeforeAsync(SocketIoClient direct)
        {
            await NodeCalls.BroadcastAsync(direct, _room, "before");
            await NodeCalls.BroadcastAsync(direct.Of("/chat"), _room, "before-chat");
            _before = await NodeCalls.NextNewsAsync(Client);
            _chatBefore = await NodeCalls.NextNewsAsync(Chat);
        }

        public async Task<StopOutcome> AfterTheStopAsync(string victim, string other, SocketIoClient direct)
        {
            await _disconnected.Task.WaitAsync(Timeout);
            await _away.Armed.WaitAsync(Timeout);
            await NodeCalls.BroadcastAsync(direct, _room, "while-away");
            await NodeCalls.BroadcastAsync(direct.Of("/chat"), _room, "while-away-chat");
            var missedWhileAway = !_again.Task.IsCompleted;
            _away.Release();
            await _again.Task.WaitAsync(Timeout);
            await _chatAgain.WaitAsync(Timeout);
            bool[] connectsRecovered;
            lock (_connects)
            {
                connectsRecovered = [.. _connects.Select(c => c.Recovered)];
            }

            return new StopOutcome(
                victim,
                other,
                _before,
                _chatBefore,
                missedWhileAway,
                connectsRecovered,
                Client.Recovered,
                Chat.Recovered,
                Client.Id == _firstId,
                Chat.Id == _chatFirstId,
                await NodeCalls.NextNewsAsync(Client),
                await NodeCalls.NextNewsAsync(Chat),
                await NodeCalls.WhichNodeAsync(Client));
        }

        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }

    /// <summary>A client whose node will be killed.</summary>
    private sealed class KillSession : INodeSession
    {
        private readonly Task _again;
        private string? _firstId;

        private KillSession(SocketIoClient client)
        {
            Client = client;
            _again = SharedVictim.ConnectedAgain(client);
        }

        public SocketIoClient Client { get; }

        public string Node { get; private set; } = "";

        public static async Task<KillSession> OpenAsync(ClusterTarget target, SocketIoCluster cluster, NginxBalancer nginx)
        {
            var uri = target.Balancer == Balancer.Nginx ? nginx.Uri : cluster.EntryUri(target.Balancer);
            var session = new KillSession(new SocketIoClient(uri, ClusterTarget.Options(target.Transport)));
            try
            {
                await session.Client.ConnectAsync().WaitAsync(Timeout);
                session.Node = await NodeCalls.WhichNodeAsync(session.Client);
                session._firstId = session.Client.Id;
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        public async Task<KillOutcome> AfterTheKillAsync(string victim, SocketIoClient direct)
        {
            await _again.WaitAsync(Timeout);
            var survivor = await NodeCalls.WhichNodeAsync(Client);
            var room = NodeCalls.NewRoom();
            await NodeCalls.JoinAsync(Client, room);
            await NodeCalls.BroadcastAsync(direct, room, "after-crash");
            var news = await NodeCalls.NextNewsAsync(Client);
            return new KillOutcome(victim, survivor, Client.Recovered, Client.Id != _firstId, news.Payload);
        }

        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }
}
