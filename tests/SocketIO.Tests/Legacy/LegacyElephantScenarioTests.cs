using System.Net;
using System.Net.Sockets;
using Tusk.SocketIO.Legacy;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>
/// Elephant.io's example scenarios that its 0.x engine supports (ack, basic, binary-event with contents as strings,
/// error-handling, keep-alive, polling, custom-path), against socket.io 0.9.19.
/// </summary>
[TestFixtureSource(typeof(LegacyServers), nameof(LegacyServers.Transports))]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class LegacyElephantScenarioTests(string transport)
{
    private SocketIoClient CreateClient(Uri serverUri, Action<SocketIoClientOptions>? configure = null) =>
        LegacyServers.CreateClient(serverUri, transport, configure);

    private static Task<NodeServer> GreetingServerAsync(string greeting, string? path = null) =>
        path is null
            ? TestServers.GetSharedAsync("sio-v0", new { greeting })
            : TestServers.GetSharedAsync("sio-v0", new { greeting, path });

    [Test]
    public async Task Ack()
    {
        await using var client = CreateClient((await LegacyServers.FastHeartbeatAsync()).HttpUri);
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var sent = await socket.EmitWithAckAsync("test-send-ack", new { message = "An ack send test" }).WaitAsync(LegacyServers.Timeout);
        await socket.EmitAsync("test-recv-ack", new { message = "An ack recv test" });
        var request = await socket.WaitAsync("test-recv-ack", LegacyServers.Timeout);
        await request!.AckAsync("Okay").WaitAsync(LegacyServers.Timeout);
        var result = await socket.WaitAsync("test-recv-ack-result", LegacyServers.Timeout);

        Assert.That(sent.GetValue<string>(0), Is.EqualTo("+ack"));
        Assert.That(request.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
        Assert.That(request.AckRequested, Is.True);
        Assert.That(result!.GetJson(0).GetRawText(), Is.EqualTo("[\"Okay\"]"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Basic(bool keepAlive)
    {
        var server = await GreetingServerAsync("hello");
        await using var client = CreateClient(server.HttpUri, options => options.KeepAlive = keepAlive);
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var hello = await client.WaitAsync("hello", LegacyServers.Timeout);
        await client.EmitAsync("test", 1, 2, "test");
        var reply = await client.WaitAsync("test", LegacyServers.Timeout);

        Assert.That(hello, Is.Not.Null);
        Assert.That(hello!.Count, Is.Zero);
        Assert.That(reply!.Values.Select(v => v.GetRawText()), Is.EqualTo(new[] { "1", "2", "\"Okay\"" }));
    }

    [Test]
    public async Task BinaryEventWithContentsAsStrings()
    {
        // Elephant.io's 0.x engine inlines resource contents as strings; 2 MB in 512 KiB parts, as in its example.
        await using var client = CreateClient((await LegacyServers.FastHeartbeatAsync()).HttpUri);
        var socket = client.Of("/binary-event");
        await socket.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var hash = Guid.NewGuid().ToString("N");
        var part = new string('x', 512 * 1024);
        var lengths = new List<int>();

        for (var i = 0; i < 4; i++)
        {
            await socket.EmitAsync("test-binary-attachment", new { hash, content = part });
            var reply = await socket.WaitAsync("test-binary-attachment", LegacyServers.Timeout);
            Assert.That(reply!.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
            lengths.Add(reply.GetJson(0).GetProperty("length").GetInt32());
        }

        await socket.EmitAsync("test-binary", new { hash });
        var all = await socket.WaitAsync("test-binary", LegacyServers.Timeout);

        Assert.That(lengths, Is.EqualTo(new[] { 524288, 1048576, 1572864, 2097152 }));
        Assert.That(all!.GetJson(0).GetProperty("payload").GetString(), Has.Length.EqualTo(2097152));
        Assert.That(all.GetJson(0).GetProperty("time").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task ErrorHandlingUnreachableServer()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var client = CreateClient(new Uri($"http://127.0.0.1:{port}"), options =>
        {
            options.Protocol = SocketIoProtocol.Auto;
            options.Reconnection = false;
        });

        Assert.That(async () => await client.ConnectAsync().WaitAsync(LegacyServers.Timeout), Throws.InstanceOf<SocketIoConnectException>());
    }

    [Test]
    public async Task ErrorHandlingUnknownNamespaceAndUnansweredEvent()
    {
        // A 0.9 server ignores packets for endpoints it does not have: that connect attempt times out (ConnectTimeout),
        // while the connection goes on serving the namespaces it has. The known namespace's connect is held to the same
        // timeout, so it runs beside the unknown one's wait instead of after it: 1.5 s, the wait before, was too short
        // for it once on a loaded machine.
        await using var client = CreateClient((await LegacyServers.FastHeartbeatAsync()).HttpUri, options => options.ConnectTimeout = TimeSpan.FromSeconds(5));
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var unknown = client.Of("/non-existent-namespace");
        var errorHandling = client.Of("/error-handling");
        var unknownConnect = unknown.ConnectAsync();

        await errorHandling.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        await errorHandling.EmitAsync("message", new { message = "The message" });
        Assert.That(await errorHandling.WaitAsync("message-reply", TimeSpan.FromSeconds(1)), Is.Null);
        Assert.That(async () => await unknownConnect.WaitAsync(LegacyServers.Timeout),
            Throws.TypeOf<SocketIoConnectException>().With.Message.Contains("/non-existent-namespace"));
        Assert.That(client.IsConnected, Is.True);
        Assert.That(errorHandling.IsConnected, Is.True);
    }

    [Test]
    public async Task KeepAlive()
    {
        await using var client = CreateClient((await LegacyServers.QuickHeartbeatAsync()).HttpUri);
        var socket = client.Of("/keep-alive");
        await socket.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        await socket.EmitAsync("message", new { message = "A message" });
        var first = await socket.WaitAsync("message", LegacyServers.Timeout);
        var session = (LegacySession)client.Manager.CurrentSession!;
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = session.KeepAliveCount;
        session.KeepAliveReceived += (_, _) =>
        {
            if (session.KeepAliveCount >= start + 3)
            {
                idle.TrySetResult();
            }
        };
        await idle.Task.WaitAsync(LegacyServers.Timeout);
        await socket.EmitAsync("message", new { message = "Last message" });
        var last = await socket.WaitAsync("message", LegacyServers.Timeout);
        await client.DisconnectAsync().WaitAsync(LegacyServers.Timeout);

        Assert.That(first!.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
        Assert.That(last!.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
        Assert.That(client.Manager.CurrentSession, Is.Null);
    }

    [Test]
    public async Task PollingWithMultibyteText()
    {
        await using var client = CreateClient((await LegacyServers.FastHeartbeatAsync()).HttpUri, options => options.Transports = ["polling"]);
        var socket = client.Of("/polling");
        await socket.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        await socket.EmitAsync("message", new { message = "This is first message" });
        var first = await socket.WaitAsync("message", LegacyServers.Timeout);
        await socket.EmitAsync("message", new { message = "Das höchste Gut und Uebel" });
        var second = await socket.WaitAsync("message", LegacyServers.Timeout);

        Assert.That(client.TransportName, Is.EqualTo("polling"));
        Assert.That(first!.GetJson(0).GetProperty("message").GetString(), Is.EqualTo("This is first message"));
        Assert.That(second!.GetJson(0).GetProperty("message").GetString(), Is.EqualTo("Das höchste Gut und Uebel"));
    }

    [Test]
    public async Task CustomPath()
    {
        var server = await GreetingServerAsync("hi", path: "/my/my.io");
        await using var client = CreateClient(new Uri(server.HttpUri, "/my"), options => options.Path = "my.io");
        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        var hi = await client.WaitAsync("hi", LegacyServers.Timeout);

        Assert.That(hi, Is.Not.Null);
    }
}
