using System.Text.Json;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>
/// python-socketio (Debian's python3-socketio on aiohttp) as a second, independent server implementation, over polling
/// only, WebSocket only and upgrade (tests/cluster/python/server.py).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PythonServerTests
{
    private static readonly TimeSpan Timeout = ClusterTarget.Timeout;
    private static readonly object GoodAuth = new { token = "let-me-in", user = "ada" };

    [Test]
    public async Task TheServerIsDebiansPythonSocketIo()
    {
        var server = await SharedEnvironment.PythonAsync();
        TestContext.Out.WriteLine($"python-socketio {server.Info.GetProperty("socketio")}, python-engineio {server.Info.GetProperty("engineio")}, aiohttp {server.Info.GetProperty("aiohttp")}");
        Assert.That(server.Info.GetProperty("socketio").GetString(), Does.Match(@"^\d+\.\d+"));
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.TransportSetups))]
    public async Task ConnectWithAuth_EchoWithAck_Binary_AndASecondNamespace(string transport)
    {
        await using var client = await ClientAsync(transport);
        var chat = client.Of("/chat");
        await client.ConnectAsync().WaitAsync(Timeout);
        await chat.ConnectAsync().WaitAsync(Timeout);
        var welcome = await client.WaitAsync("welcome", Timeout);

        var text = await client.EmitWithAckAsync("echo", "hello", 42).WaitAsync(Timeout);
        var echoed = await client.WaitAsync("echo", Timeout);
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var binary = await chat.EmitWithAckAsync("echo", bytes).WaitAsync(Timeout);
        var whoInChat = await chat.EmitWithAckAsync<JsonElement>("whoami").WaitAsync(Timeout);

        Assert.That(welcome?.GetJson(0).GetProperty("user").GetString(), Is.EqualTo("ada"), "the server read the auth payload");
        Assert.That(text.GetValue<string>(0), Is.EqualTo("hello"));
        Assert.That(text.GetValue<int>(1), Is.EqualTo(42));
        Assert.That(echoed?.GetJson(0).ToString(), Is.EqualTo("[\"hello\",42]").Or.EqualTo("[\"hello\", 42]"));
        Assert.That(binary.GetValue<byte[]>(0), Is.EqualTo(bytes));
        Assert.That(whoInChat.GetProperty("namespace").GetString(), Is.EqualTo("/chat"));
        Assert.That(whoInChat.GetProperty("user").GetString(), Is.EqualTo("ada"), "the auth payload reaches every namespace");
        if (transport == "upgrade")
        {
            Assert.That(await UpgradedAsync(client), Is.True, "the session upgraded to WebSocket");
        }
        else
        {
            Assert.That(client.TransportName, Is.EqualTo(transport));
        }
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.TransportSetups))]
    public async Task WrongAuth_IsRefusedWithTheServersMessageAndData(string transport)
    {
        await using var client = await ClientAsync(transport, new { token = "wrong" });

        var refused = Assert.CatchAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.That(refused!.IsServerRejection, Is.True);
        Assert.That(refused.ServerMessage, Is.EqualTo("bad token"));
        Assert.That(refused.ServerData?.GetProperty("reason").GetString(), Is.EqualTo("no such token"));
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.TransportSetups))]
    public async Task Rooms_CarryBroadcastsToTheirMembersOnly(string transport)
    {
        await using var alice = await ClientAsync(transport);
        await using var bob = await ClientAsync(transport);
        await alice.ConnectAsync().WaitAsync(Timeout);
        await bob.ConnectAsync().WaitAsync(Timeout);
        var room = NodeCalls.NewRoom();
        Assert.That(await alice.EmitWithAckAsync<bool>("join", room).WaitAsync(Timeout), Is.True);
        Assert.That(await bob.EmitWithAckAsync<bool>("join", room).WaitAsync(Timeout), Is.True);

        await alice.EmitWithAckAsync("broadcast", room, "first").WaitAsync(Timeout);
        Assert.That((await bob.WaitAsync("news", Timeout))?.GetValue<string>(), Is.EqualTo("first"));
        Assert.That((await alice.WaitAsync("news", Timeout))?.GetValue<string>(), Is.EqualTo("first"));

        await bob.EmitWithAckAsync("leave", room).WaitAsync(Timeout);
        await alice.EmitWithAckAsync("broadcast", room, "second").WaitAsync(Timeout);
        Assert.That((await alice.WaitAsync("news", Timeout))?.GetValue<string>(), Is.EqualTo("second"));
        await bob.EmitWithAckAsync("join", room).WaitAsync(Timeout);
        await alice.EmitWithAckAsync("broadcast", room, "third").WaitAsync(Timeout);

        // Bob's next news is the third: the second, sent while he was out of the room, never reached him.
        Assert.That((await bob.WaitAsync("news", Timeout))?.GetValue<string>(), Is.EqualTo("third"));
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.TransportSetups))]
    public async Task AServerToClientCall_GetsTheClientsAck(string transport)
    {
        await using var client = await ClientAsync(transport);
        client.On("question", e => e.AckAsync("answer to " + e.GetValue<string>()));
        await client.ConnectAsync().WaitAsync(Timeout);

        var reply = await client.EmitWithAckAsync<JsonElement>("call-me", "life").WaitAsync(Timeout);

        Assert.That(reply.GetProperty("answer").GetString(), Is.EqualTo("answer to life"));
    }

    [TestCaseSource(typeof(ClusterTarget), nameof(ClusterTarget.TransportSetups))]
    public async Task AServerDisconnect_EndsTheSocketWithoutReconnecting(string transport)
    {
        await using var client = await ClientAsync(transport);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await client.ConnectAsync().WaitAsync(Timeout);

        await client.EmitAsync("kick-me");
        var args = await disconnected.Task.WaitAsync(Timeout);

        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.IoServerDisconnect));
        Assert.That(args.WillReconnect, Is.False);
        Assert.That(client.IsConnected, Is.False);
        Assert.That(client.IsActive, Is.False);
    }

    private static async Task<SocketIoClient> ClientAsync(string transport, object? auth = null)
    {
        var server = await SharedEnvironment.PythonAsync();
        return new SocketIoClient(server.Uri, ClusterTarget.Options(transport, o => o.Auth = auth ?? GoodAuth));
    }

    private static async Task<bool> UpgradedAsync(SocketIoClient client)
    {
        // python-socketio has no upgrade event to forward: ask until the session runs over WebSocket, within the bound.
        using var deadline = new CancellationTokenSource(Timeout);
        while (client.TransportName != "websocket")
        {
            await client.EmitWithAckAsync("echo", "probe").WaitAsync(deadline.Token);
        }

        return true;
    }
}
