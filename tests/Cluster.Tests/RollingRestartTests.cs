using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// A rolling restart of all three nodes (SIGTERM, start again, next node) behind HAProxy while 50 clients keep sending
/// acked emits with retries. The nodes count every (client, sequence) they are sent in a Redis ledger before they ack.
/// </summary>
/// <remarks>
/// Each node's replacement process is started (loaded, connected to Redis, not listening) while the clients connect,
/// and takes over the node's port as soon as the old process has exited (<see cref="ClusterNode.PrepareRestartAsync"/>),
/// as an orchestrator that starts the new version first does: the restarts no longer wait out three node start-ups
/// one after another (1-2.5 s each on a busy machine), while every node still goes away and comes back as a new process.
/// The next node stops once every client has had an ack for an emit it sent after the previous node came back, as an
/// operator waits for a restarted node to serve before moving on: each stop hits a cluster that serves every client.
/// </remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class RollingRestartTests
{
    private const int Clients = 50;

    // Each client sends one acked emit per period: 250 emits a second in all, a load the 2-core CI machine carries
    // beside the other test assemblies.
    private static readonly TimeSpan EmitPeriod = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;

    [Test]
    public async Task RollingRestartOfAllNodes_LosesNoAcknowledgedEmit_AndCountsTheDuplicates()
    {
        await using var cluster = await SocketIoCluster.StartAsync(ClusterAdapter.PubSub);
        var clients = new List<SocketIoClient>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                clients.Add(new SocketIoClient(cluster.Haproxy.StickyUri, ClusterTarget.Options(ClusterTarget.TransportSetups[i % 3], o =>
                {
                    o.AckTimeout = AckTimeout;
                    o.Retries = 20;
                })));
            }

            await Task.WhenAll(clients.Select(c => c.ConnectAsync().WaitAsync(Timeout))
                .Concat(cluster.Nodes.Select(n => n.PrepareRestartAsync(CancellationToken.None))));
            var acked = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var phases = new Phases(cluster.Nodes.Count, Clients);
            var senders = clients.Select((client, index) => SendUntilAsync(client, index, acked, phases, stop.Token)).ToArray();

            for (var restarts = 1; restarts <= cluster.Nodes.Count; restarts++)
            {
                var node = cluster.Nodes[restarts - 1];
                await node.StopAsync();
                await node.RestartAsync(CancellationToken.None);
                phases.Enter(restarts);

                // Every client got an ack for an emit it sent after this node came back: all of them are through.
                try
                {
                    await Task.WhenAll(phases.Of(restarts)).WaitAsync(TimeSpan.FromSeconds(60));
                }
                catch (TimeoutException)
                {
                    var stuck = Enumerable.Range(0, Clients).Where(i => !phases.Of(restarts)[i].IsCompleted)
                        .Select(i => $"c{i}: connected={clients[i].IsConnected} active={clients[i].IsActive} transport={clients[i].TransportName} sender={senders[i].Status} {senders[i].Exception?.InnerException?.Message}");
                    Assert.Fail($"Clients that never got an ack after {node.Name} was restarted:\n" + string.Join("\n", stuck));
                }
            }

            await stop.CancelAsync();
            var sent = await Task.WhenAll(senders).WaitAsync(Timeout);

            await using var auditor = ClusterTarget.Direct(cluster.Nodes[0]);
            await auditor.ConnectAsync().WaitAsync(Timeout);
            var ledger = (await auditor.EmitWithAckAsync<Dictionary<string, JsonElement>>("ledger").WaitAsync(Timeout))
                .ToDictionary(e => e.Key, e => int.Parse(e.Value.GetString()!, CultureInfo.InvariantCulture), StringComparer.Ordinal);

            var lost = acked.Where(key => !ledger.ContainsKey(key)).ToList();
            var duplicates = ledger.Values.Sum(count => count - 1);
            var duplicatedKeys = ledger.Count(e => e.Value > 1);
            TestContext.Out.WriteLine(
                $"{Clients} clients, {sent.Sum()} acked emits during a rolling restart of {cluster.Nodes.Count} nodes: " +
                $"{lost.Count} acknowledged emits lost, {duplicates} duplicate deliveries ({duplicatedKeys} emits delivered more than once).");
            Assert.That(lost, Is.Empty, "every acknowledged emit is in the servers' ledger");
            Assert.That(acked, Has.Count.EqualTo(sent.Sum()));
            Assert.That(ledger.Keys, Is.EquivalentTo(acked), "every emit the servers counted was acknowledged in the end");
            Assert.That(sent, Has.All.GreaterThan(0));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Sends acked emits (with retries) until <paramref name="stop"/>; returns how many were acked.</summary>
    private static async Task<int> SendUntilAsync(SocketIoClient client, int index, ConcurrentBag<string> acked, Phases phases, CancellationToken stop)
    {
        using var period = new PeriodicTimer(EmitPeriod);
        var sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            var phase = phases.Current;
            var key = string.Create(CultureInfo.InvariantCulture, $"c{index}:{++sequence}");
            // No cancellation token: an emit in flight runs to its ack (or its retries run out and the test fails).
            var count = await client.EmitWithAckAsync<int>("record", key);
            Assert.That(count, Is.GreaterThan(0));
            acked.Add(key);
            phases.Acked(index, phase);
            await period.WaitForNextTickAsync(CancellationToken.None);
        }

        return sequence;
    }

    /// <summary>
    /// How many nodes have been restarted so far, and for each number of restarts, per client, whether an emit the
    /// client sent after that many restarts has been acked.
    /// </summary>
    private sealed class Phases(int restarts, int clients)
    {
        private readonly TaskCompletionSource[][] _acked = Enumerable.Range(0, restarts + 1)
            .Select(_ => Enumerable.Range(0, clients).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray())
            .ToArray();

        private int _current;

        public int Current => Volatile.Read(ref _current);

        public void Enter(int restarted) => Volatile.Write(ref _current, restarted);

        public Task[] Of(int restarted) => [.. _acked[restarted].Select(t => t.Task)];

        /// <summary>An emit that <paramref name="client"/> sent after <paramref name="sentAfter"/> restarts was acked.</summary>
        public void Acked(int client, int sentAfter)
        {
            for (var phase = 0; phase <= sentAfter; phase++)
            {
                _acked[phase][client].TrySetResult();
            }
        }
    }
}
