using System.Net;
using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>A socket.io cluster on the Redis pub/sub adapter behind HAProxy (cookie) and nginx (ip_hash).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class BalancedScenarioTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.All))]
    public async Task EmitsAcksBothWaysBinaryAndTwoNamespaces_WorkThroughTheBalancer(ClusterTarget target)
    {
        var cluster = await SharedEnvironment.ClusterAsync();
        await using var client = target.Client(cluster);
        var chat = client.Of("/chat");
        client.On("call-me", e => e.AckAsync("answer:" + e.GetValue<string>()));
        await client.ConnectAsync().WaitAsync(Timeout);
        await chat.ConnectAsync().WaitAsync(Timeout);
        var node = await NodeCalls.WhichNodeAsync(client);

        var text = await client.EmitWithAckAsync("echo", "hello", 42).WaitAsync(Timeout);
        var echoed = await client.WaitAsync("echo", Timeout);
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var binary = await chat.EmitWithAckAsync("echo", bytes, new { inner = (ReadOnlyMemory<byte>)new byte[] { 7, 8 } }).WaitAsync(Timeout);
        await client.EmitAsync("call-me", "question");
        var calledBack = await client.WaitAsync("called-back", Timeout);

        Assert.That(await NodeCalls.WhichNodeAsync(chat), Is.EqualTo(node), "both namespaces share one Engine.IO session, so one node");
        Assert.That(text.GetValue<string>(0), Is.EqualTo("hello"));
        Assert.That(text.GetValue<int>(1), Is.EqualTo(42));
        Assert.That(echoed?.GetValue<string>(0), Is.EqualTo("hello"));
        Assert.That(binary.GetValue<byte[]>(0), Is.EqualTo(bytes));
        Assert.That(binary.GetJson(1).GetProperty("inner").ValueKind, Is.Not.EqualTo(System.Text.Json.JsonValueKind.Undefined));
        Assert.That(calledBack?.GetValue<string>(0), Is.EqualTo("answer:question"), "the client's ack reached the server");
        await AssertTransportAsync(client, target.Transport, node);
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.All))]
    public async Task BroadcastsEmittedOnAnotherNode_ArriveInBothNamespaces(ClusterTarget target)
    {
        var cluster = await SharedEnvironment.ClusterAsync();
        await using var client = target.Client(cluster);
        var chat = client.Of("/chat");
        await client.ConnectAsync().WaitAsync(Timeout);
        await chat.ConnectAsync().WaitAsync(Timeout);
        var room = NodeCalls.NewRoom();
        var node = await NodeCalls.JoinAsync(client, room);
        await NodeCalls.JoinAsync(chat, room);

        var other = cluster.OtherNode(node);
        await using var direct = ClusterTarget.Direct(other);
        var directChat = direct.Of("/chat");
        await direct.ConnectAsync().WaitAsync(Timeout);
        await directChat.ConnectAsync().WaitAsync(Timeout);
        await NodeCalls.BroadcastAsync(direct, room, "to-root");
        await NodeCalls.BroadcastAsync(directChat, room, "to-chat");

        Assert.That(await NodeCalls.NextNewsAsync(client), Is.EqualTo(("to-root", other.Name)));
        Assert.That(await NodeCalls.NextNewsAsync(chat), Is.EqualTo(("to-chat", other.Name)));
        Assert.That(other.Name, Is.Not.EqualTo(node));
    }

    [TestCase("polling")]
    [TestCase("upgrade")]
    public async Task HaproxyCookie_IsKeptAcrossThePollingRequestsAndTheUpgrade(string transport)
    {
        var cluster = await SharedEnvironment.ClusterAsync();
        var cookies = new CookieContainer();
        await using var client = new SocketIoClient(cluster.Haproxy.StickyUri, ClusterTarget.Options(transport, o => o.Cookies = cookies));
        await client.ConnectAsync().WaitAsync(Timeout);
        var node = await NodeCalls.WhichNodeAsync(client);

        // Every round trip is a POST and a GET; the strict frontend refuses any of them that lacks the cookie.
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await client.EmitWithAckAsync("echo", i).WaitAsync(Timeout)).GetValue<int>(), Is.EqualTo(i));
        }

        await AssertTransportAsync(client, transport, node);
        Assert.That(cookies.GetCookies(cluster.Haproxy.StickyUri)["SERVERID"]?.Value, Is.EqualTo(node), "HAProxy's cookie names the node");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task HaproxyStickyFrontend_RefusesASessionRequestWithoutTheCookie()
    {
        // The control for the test above: without the cookie a session's request is refused, so that test can fail.
        var cluster = await SharedEnvironment.ClusterAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = Timeout };
        var handshake = await http.GetStringAsync(new Uri(cluster.Haproxy.StickyUri, "/socket.io/?EIO=4&transport=polling"));
        var sid = System.Text.Json.JsonDocument.Parse(handshake[1..]).RootElement.GetProperty("sid").GetString();

        using var poll = await http.GetAsync(new Uri(cluster.Haproxy.StickyUri, $"/socket.io/?EIO=4&transport=polling&sid={sid}"));

        Assert.That((int)poll.StatusCode, Is.EqualTo(400));
        Assert.That(await poll.Content.ReadAsStringAsync(), Does.Contain("SERVERID cookie missing"));
    }

    private static async Task AssertTransportAsync(SocketIoClient client, string transport, string node)
    {
        if (transport == "upgrade")
        {
            Assert.That(await client.WaitAsync("on-websocket", Timeout), Is.Not.Null, "the session upgraded to WebSocket");
            Assert.That(client.TransportName, Is.EqualTo("websocket"));
            Assert.That(await NodeCalls.WhichNodeAsync(client), Is.EqualTo(node), "the upgrade reached the session's node");
        }
        else
        {
            Assert.That(client.TransportName, Is.EqualTo(transport));
        }
    }
}
