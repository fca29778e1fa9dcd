using System.Diagnostics;
using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// SIGKILL the node a client is on, behind each balancer: the client reconnects through the balancer to a survivor,
/// rejoins its namespaces and receives broadcasts again. The fixture has a cluster of its own; its tests run one at a
/// time, and each starts the node it killed again.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NodeLossTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;
    private SocketIoCluster? _cluster;

    private SocketIoCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    [OneTimeSetUp]
    public async Task StartClusterAsync() => _cluster = await SocketIoCluster.StartAsync(ClusterAdapter.PubSub);

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
        var (client, nginx) = await target.ClientForNodeLossAsync(Cluster);
        await using var _ = nginx;
        await using var __ = client;
        var chat = client.Of("/chat");
        var reconnected = new TaskCompletionSource<SocketIoReconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, e) => reconnected.TrySetResult(e);
        var chatRejoined = ConnectedAgain(chat);
        await client.ConnectAsync().WaitAsync(Timeout);
        await chat.ConnectAsync().WaitAsync(Timeout);
        if (target.Transport == "upgrade")
        {
            Assert.That(await client.WaitAsync("on-websocket", Timeout), Is.Not.Null, "the kill hits an upgraded session");
        }

        var victim = Cluster.Node(await NodeCalls.WhichNodeAsync(client));
        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        Task? restart = null;
        try
        {
            var args = await reconnected.Task.WaitAsync(Timeout);
            await chatRejoined.WaitAsync(Timeout);
            var elapsed = clock.Elapsed;
            // The client is on a survivor now: the victim comes back while the test goes on (the next test needs it).
            restart = victim.RestartAsync(CancellationToken.None);
            var survivor = await NodeCalls.WhichNodeAsync(client);
            var third = Cluster.Nodes.First(n => n.Name != survivor && n != victim);
            await using var direct = ClusterTarget.Direct(third);
            var directChat = direct.Of("/chat");
            await direct.ConnectAsync().WaitAsync(Timeout);
            await directChat.ConnectAsync().WaitAsync(Timeout);
            await NodeCalls.BroadcastAsync(direct, room: null, "after-loss");
            await NodeCalls.BroadcastAsync(directChat, room: null, "after-loss-chat");

            TestContext.Out.WriteLine($"{victim.Name} killed; reconnected to {survivor} after {args.Attempts} attempt(s) in {elapsed.TotalMilliseconds:0} ms");
            Assert.That(survivor, Is.Not.EqualTo(victim.Name));
            Assert.That(await NodeCalls.WhichNodeAsync(chat), Is.EqualTo(survivor), "both namespaces rejoined on the survivor");
            Assert.That(await NodeCalls.NextNewsAsync(client), Is.EqualTo(("after-loss", third.Name)));
            Assert.That(await NodeCalls.NextNewsAsync(chat), Is.EqualTo(("after-loss-chat", third.Name)));
            // The balancer sends the first attempt to a survivor (HAProxy: redispatch; nginx: next upstream), so no
            // attempt is wasted on the dead node beyond the one that found it gone.
            Assert.That(args.Attempts, Is.LessThanOrEqualTo(2));
        }
        finally
        {
            await (restart ?? victim.RestartAsync(CancellationToken.None));
        }
    }

    /// <summary>Completes when <paramref name="socket"/> connects for the second time.</summary>
    internal static Task ConnectedAgain(SocketIoSocket socket)
    {
        var again = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        socket.Connected += (_, _) =>
        {
            if (Interlocked.Increment(ref count) == 2)
            {
                again.TrySetResult();
            }
        };
        return again.Task;
    }
}
