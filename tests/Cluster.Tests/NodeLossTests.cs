using System.Diagnostics;
using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// SIGKILL the node a client is on, behind each balancer: the client reconnects through the balancer to a survivor,
/// rejoins its namespaces and receives broadcasts again.
/// </summary>
/// <remarks>
/// The fixture has a cluster of its own. One kill serves every target: the fixture's set-up puts a client of each of the
/// six targets on one node (<see cref="SharedVictim"/>), kills that node once and records what each client does; each
/// test asserts its target's record. A kill per test cost a node start per test and ran the six one after another.
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NodeLossTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;
    private SocketIoCluster? _cluster;
    private Dictionary<ClusterTarget, Task<Outcome>>? _outcomes;

    [OneTimeSetUp]
    public async Task StartClusterAndKillANodeAsync()
    {
        _cluster = await SocketIoCluster.StartAsync(ClusterAdapter.PubSub);
        _outcomes = await KillRoundAsync(_cluster, ClusterTarget.All.ToList());
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
    public async Task KillingTheClientsNode_ReconnectsToASurvivor_RejoinsBothNamespaces_AndReceivesBroadcastsAgain(ClusterTarget target)
    {
        var outcome = await (_outcomes ?? throw new InvalidOperationException("The kill round did not run."))[target];

        TestContext.Out.WriteLine($"{outcome.Victim} killed; reconnected to {outcome.Survivor} after {outcome.Attempts} attempt(s) in {outcome.Elapsed.TotalMilliseconds:0} ms");
        Assert.That(outcome.Survivor, Is.Not.EqualTo(outcome.Victim));
        Assert.That(outcome.ChatNode, Is.EqualTo(outcome.Survivor), "both namespaces rejoined on the survivor");
        Assert.That(outcome.Third, Is.Not.EqualTo(outcome.Survivor).And.Not.EqualTo(outcome.Victim));
        Assert.That(outcome.RootNewsFrom, Is.EqualTo(outcome.Third), "the broadcast from the third node reached /");
        Assert.That(outcome.ChatNewsFrom, Is.EqualTo(outcome.Third), "the broadcast from the third node reached /chat");
        // The balancer sends the first attempt to a survivor (HAProxy: redispatch; nginx: next upstream), so no
        // attempt is wasted on the dead node beyond the one that found it gone.
        Assert.That(outcome.Attempts, Is.LessThanOrEqualTo(2));
    }

    /// <summary>
    /// Opens a client (with <c>/chat</c>) per target on one node, kills that node, and records per target: the
    /// reconnection, the node each namespace is on afterwards, and which node's broadcasts each namespace received.
    /// </summary>
    private static async Task<Dictionary<ClusterTarget, Task<Outcome>>> KillRoundAsync(SocketIoCluster cluster, IReadOnlyList<ClusterTarget> targets)
    {
        var (victimName, sessions) = await SharedVictim.OpenAsync(targets, target => Session.OpenAsync(cluster, target));
        var victim = cluster.Node(victimName);
        var directs = new Dictionary<string, SocketIoClient>(StringComparer.Ordinal);
        try
        {
            // A client straight to each other node, connected before the kill: it broadcasts once the clients are back.
            foreach (var node in cluster.Nodes.Where(n => n != victim))
            {
                var direct = ClusterTarget.Direct(node);
                directs[node.Name] = direct;
                await direct.ConnectAsync().WaitAsync(Timeout);
                await direct.Of("/chat").ConnectAsync().WaitAsync(Timeout);
            }

            var clock = Stopwatch.StartNew();
            await victim.KillAsync();
            var outcomes = sessions.Select(session => session.AfterTheKillAsync(victimName, clock, directs)).ToList();
            await Task.WhenAll(outcomes.Select(o => o.ContinueWith(_ => { }, TaskScheduler.Default)));
            return targets.Zip(outcomes).ToDictionary(e => e.First, e => e.Second);
        }
        finally
        {
            await SharedVictim.DisposeAllAsync([.. sessions, .. directs.Values]);
        }
    }

    /// <summary>What one target's client did after the kill.</summary>
    private sealed record Outcome(
        string Victim, string Survivor, string ChatNode, string Third, string RootNewsFrom, string ChatNewsFrom, int Attempts, TimeSpan Elapsed);

    /// <summary>One target's client, connected to <c>/</c> and <c>/chat</c> (and upgraded, for <c>upgrade</c>).</summary>
    private sealed class Session : INodeSession
    {
        private readonly TaskCompletionSource<SocketIoReconnectedEventArgs> _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _chatRejoined;

        private Session(ClusterTarget target, SocketIoClient client)
        {
            Target = target;
            Client = client;
            Chat = client.Of("/chat");
            client.Reconnected += (_, e) => _reconnected.TrySetResult(e);
            _chatRejoined = SharedVictim.ConnectedAgain(Chat);
        }

        public ClusterTarget Target { get; }

        public SocketIoClient Client { get; }

        public SocketIoSocket Chat { get; }

        public string Node { get; private set; } = "";

        public static async Task<Session> OpenAsync(SocketIoCluster cluster, ClusterTarget target)
        {
            var session = new Session(target, target.Client(cluster));
            try
            {
                await session.Client.ConnectAsync().WaitAsync(Timeout);
                await session.Chat.ConnectAsync().WaitAsync(Timeout);
                // The kill hits an upgraded session.
                if (target.Transport == "upgrade" && await session.Client.WaitAsync("on-websocket", Timeout) is null)
                {
                    throw new TimeoutException($"{target}: the session did not upgrade to WebSocket within {Timeout.TotalSeconds:0} s.");
                }

                session.Node = await NodeCalls.WhichNodeAsync(session.Client);
                return session;
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }

        public async Task<Outcome> AfterTheKillAsync(string victim, Stopwatch clock, IReadOnlyDictionary<string, SocketIoClient> directs)
        {
            var args = await _reconnected.Task.WaitAsync(Timeout);
            await _chatRejoined.WaitAsync(Timeout);
            var elapsed = clock.Elapsed;
            var survivor = await NodeCalls.WhichNodeAsync(Client);
            var chatNode = await NodeCalls.WhichNodeAsync(Chat);
            var third = directs.Keys.First(n => n != survivor);
            // Every client of the round receives every broadcast: each target's payloads name it.
            var payload = "after-loss:" + Target;
            await NodeCalls.BroadcastAsync(directs[third], room: null, payload);
            await NodeCalls.BroadcastAsync(directs[third].Of("/chat"), room: null, payload + ":chat");
            var rootFrom = await SharedVictim.NewsFromAsync(Client, payload);
            var chatFrom = await SharedVictim.NewsFromAsync(Chat, payload + ":chat");
            return new Outcome(victim, survivor, chatNode, third, rootFrom, chatFrom, args.Attempts, elapsed);
        }

        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }
}
