using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// Through HAProxy's round-robin frontend (no session affinity), as in production without sticky sessions. The tests
/// of this fixture run one at a time: round robin sends each request to the next node only while nobody else uses it.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class StickinessTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;

    [Test]
    public async Task PollingWithoutStickiness_FailsWithSessionIdUnknown_AndTheMessagePointsAtStickySessions()
    {
        var cluster = await SharedEnvironment.ClusterAsync();
        await using var client = new SocketIoClient(cluster.Haproxy.RoundRobinUri, ClusterTarget.Options("polling"));

        var failure = Assert.CatchAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));

        TestContext.Out.WriteLine(failure.ToString());
        Assert.That(failure!.ToString(), Does.Contain("Session ID unknown"), "the server's own words are kept");
        Assert.That(failure.Message, Does.Contain("sticky sessions"));
        Assert.That(failure.Message, Does.Contain("load balancer"));
    }

    [Test]
    public async Task WebSocketOnlyWithoutStickiness_Works()
    {
        // One TCP connection carries the whole session, so no affinity is needed.
        var cluster = await SharedEnvironment.ClusterAsync();
        await using var client = new SocketIoClient(cluster.Haproxy.RoundRobinUri, ClusterTarget.Options("websocket"));
        await client.ConnectAsync().WaitAsync(Timeout);

        var ack = await client.EmitWithAckAsync("echo", "no affinity needed").WaitAsync(Timeout);

        Assert.That(ack.GetValue<string>(), Is.EqualTo("no affinity needed"));
    }
}
