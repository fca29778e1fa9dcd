using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>Many clients from one process through HAProxy: they spread over the nodes and a broadcast reaches them all.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ThousandClientsTests
{
    private const int Clients = 1000;
    private const int ConnectBatch = 100;
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;

    [Test]
    public async Task AThousandClients_SpreadOverTheNodes_AndAllReceiveOneBroadcast()
    {
        var cluster = await SharedEnvironment.ClusterAsync();
        var room = NodeCalls.NewRoom();
        var clients = new List<SocketIoClient>(Clients);
        try
        {
            var nodes = new List<string>(Clients);
            for (var start = 0; start < Clients; start += ConnectBatch)
            {
                // Each client is in the room from its connect on (its auth payload names it) and learns its node from the
                // node's welcome, instead of a join emit with an ack each: 1,000 round trips through HAProxy that the
                // assertions below do not need (three of them per client cost 1-2.5 CPU-s more in alternating runs).
                var batch = Enumerable.Range(start, ConnectBatch)
                    .Select(_ => new SocketIoClient(cluster.Haproxy.StickyUri, ClusterTarget.Options("websocket", o =>
                    {
                        o.Reconnection = false;
                        o.Auth = new { room };
                    })))
                    .ToList();
                clients.AddRange(batch);
                nodes.AddRange(await Task.WhenAll(batch.Select(async client =>
                {
                    await client.ConnectAsync().WaitAsync(Timeout);
                    var welcome = await client.WaitAsync("welcome", Timeout)
                        ?? throw new TimeoutException($"no 'welcome' within {Timeout.TotalSeconds:0} s of the connect");
                    return welcome.GetJson(0).GetProperty("node").GetString()!;
                })));
            }

            await using var direct = ClusterTarget.Direct(cluster.Nodes[0]);
            await direct.ConnectAsync().WaitAsync(Timeout);
            await NodeCalls.BroadcastAsync(direct, room, "to-all");
            var received = await Task.WhenAll(clients.Select(c => c.WaitAsync("news", Timeout)));

            var perNode = nodes.GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
            TestContext.Out.WriteLine($"{Clients} clients per node: {string.Join(", ", perNode.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"))}");
            Assert.That(clients.Count(c => c.IsConnected), Is.EqualTo(Clients));
            Assert.That(perNode.Keys, Is.EquivalentTo(cluster.Nodes.Select(n => n.Name)), "every node has clients");
            Assert.That(perNode.Values, Has.All.GreaterThanOrEqualTo(Clients / 5), "round robin spreads them evenly");
            Assert.That(received.Count(e => e?.GetValue<string>(0) == "to-all"), Is.EqualTo(Clients));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
