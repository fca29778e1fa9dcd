using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// A cluster on <c>@socket.io/redis-streams-adapter</c> with connection state recovery: a client whose node goes away
/// resumes its session on another node. The fixture has a cluster of its own; its tests run one at a time.
/// </summary>
/// <remarks>
/// socket.io persists a session for recovery when the socket disconnects on a live server (the adapter writes it to
/// Redis). A node stopped in order (SIGTERM: <c>io.close()</c>) does that; a node killed with SIGKILL cannot, so after a
/// crash the client gets a new session (<c>Recovered</c> false) and the application must catch up by itself.
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class StreamsRecoveryTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;

    // The client's reconnection delay. Its first one is held (HeldDelay) until the test has emitted what the client
    // misses while away, so no race decides whether the events were missed; a later one would take this long.
    private static readonly TimeSpan AwayFor = TimeSpan.FromSeconds(1.5);

    private SocketIoCluster? _cluster;

    private SocketIoCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await SocketIoCluster.StartAsync(ClusterAdapter.Streams);

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
        var away = new HeldDelay(AwayFor);
        var (client, nginx) = await target.ClientForNodeLossAsync(Cluster, o =>
        {
            o.ReconnectionDelay = AwayFor;
            o.ReconnectionDelayMax = AwayFor;
            o.RandomizationFactor = 0;
            o.TimeProvider = away;
        });
        await using var _ = nginx;
        await using var __ = client;
        var chat = client.Of("/chat");
        var connects = new List<SocketIoConnectedEventArgs>();
        var again = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (_, e) =>
        {
            lock (connects)
            {
                connects.Add(e);
                if (connects.Count == 2)
                {
                    again.TrySetResult();
                }
            }
        };
        var chatAgain = NodeLossTests.ConnectedAgain(chat);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, _) => disconnected.TrySetResult();
        await client.ConnectAsync().WaitAsync(Timeout);
        await chat.ConnectAsync().WaitAsync(Timeout);
        var room = NodeCalls.NewRoom();
        var victim = Cluster.Node(await NodeCalls.JoinAsync(client, room));
        await NodeCalls.JoinAsync(chat, room);
        var firstId = client.Id;
        var chatFirstId = chat.Id;

        var other = Cluster.OtherNode(victim.Name);
        await using var direct = ClusterTarget.Direct(other);
        var directChat = direct.Of("/chat");
        await direct.ConnectAsync().WaitAsync(Timeout);
        await directChat.ConnectAsync().WaitAsync(Timeout);
        // A first broadcast gives the client an offset in the stream to recover from.
        await NodeCalls.BroadcastAsync(direct, room, "before");
        await NodeCalls.BroadcastAsync(directChat, room, "before-chat");
        Assert.That(await NodeCalls.NextNewsAsync(client), Is.EqualTo(("before", other.Name)));
        Assert.That(await NodeCalls.NextNewsAsync(chat), Is.EqualTo(("before-chat", other.Name)));

        await victim.StopAsync();
        Task? restart = null;
        try
        {
            await disconnected.Task.WaitAsync(Timeout);
            await away.Armed.WaitAsync(Timeout);
            await NodeCalls.BroadcastAsync(direct, room, "while-away");
            await NodeCalls.BroadcastAsync(directChat, room, "while-away-chat");
            var missedWhileAway = !again.Task.IsCompleted;
            away.Release();
            await again.Task.WaitAsync(Timeout);
            await chatAgain.WaitAsync(Timeout);
            // The client is on a survivor now: the victim comes back while the test goes on (the next test needs it).
            restart = victim.RestartAsync(CancellationToken.None);

            Assert.That(missedWhileAway, Is.True, "the events were emitted while the client was away");
            lock (connects)
            {
                Assert.That(connects.Select(c => c.Recovered), Is.EqualTo(new[] { false, true }));
            }

            Assert.That(client.Recovered, Is.True);
            Assert.That(chat.Recovered, Is.True);
            Assert.That(client.Id, Is.EqualTo(firstId), "the same session, restored");
            Assert.That(chat.Id, Is.EqualTo(chatFirstId));
            Assert.That(await NodeCalls.NextNewsAsync(client), Is.EqualTo(("while-away", other.Name)));
            Assert.That(await NodeCalls.NextNewsAsync(chat), Is.EqualTo(("while-away-chat", other.Name)));
            Assert.That(await NodeCalls.WhichNodeAsync(client), Is.Not.EqualTo(victim.Name));
        }
        finally
        {
            await (restart ?? victim.RestartAsync(CancellationToken.None));
        }
    }

    [TestCase(Balancer.Haproxy, "websocket")]
    [TestCase(Balancer.Nginx, "polling")]
    public async Task KillingTheClientsNode_StartsANewSessionOnASurvivor_ThatReceivesBroadcastsAgain(Balancer balancer, string transport)
    {
        var target = new ClusterTarget(balancer, transport);
        var (client, nginx) = await target.ClientForNodeLossAsync(Cluster);
        await using var _ = nginx;
        await using var __ = client;
        var again = NodeLossTests.ConnectedAgain(client);
        await client.ConnectAsync().WaitAsync(Timeout);
        var victim = Cluster.Node(await NodeCalls.WhichNodeAsync(client));
        var firstId = client.Id;

        await victim.KillAsync();
        Task? restart = null;
        try
        {
            await again.WaitAsync(Timeout);
            restart = victim.RestartAsync(CancellationToken.None);
            var survivor = await NodeCalls.WhichNodeAsync(client);
            var room = NodeCalls.NewRoom();
            await NodeCalls.JoinAsync(client, room);
            await using var direct = ClusterTarget.Direct(Cluster.OtherNode(victim.Name));
            await direct.ConnectAsync().WaitAsync(Timeout);
            await NodeCalls.BroadcastAsync(direct, room, "after-crash");

            Assert.That(client.Recovered, Is.False, "a killed node persisted nothing to recover");
            Assert.That(client.Id, Is.Not.EqualTo(firstId));
            Assert.That(survivor, Is.Not.EqualTo(victim.Name));
            Assert.That((await NodeCalls.NextNewsAsync(client)).Payload, Is.EqualTo("after-crash"));
        }
        finally
        {
            await (restart ?? victim.RestartAsync(CancellationToken.None));
        }
    }
}
