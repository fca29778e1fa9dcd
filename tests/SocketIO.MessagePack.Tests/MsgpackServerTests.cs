using System.Text.Json;
using Tusk.Testing;

namespace Tusk.SocketIO.MessagePack.Tests;

/// <summary>Against socket.io 4.8 started with <c>parser: require("socket.io-msgpack-parser")</c> (3.0.2).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MsgpackServerTests
{
    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Connects_ToTheMainAndAnotherNamespace_OverOneConnection(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var admin = client.Of("/admin");

        await client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);
        await admin.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);
        var echo = await admin.EmitWithAckAsync("ack-echo", "hi").WaitAsync(MsgpackTarget.Timeout);

        Assert.That(client.NegotiatedProtocol, Is.EqualTo(SocketIoProtocol.V5));
        Assert.That(client.Id, Is.Not.Null.And.Not.Empty.And.Not.EqualTo(client.EngineId), "v5: the socket id comes from the CONNECT reply");
        Assert.That(admin.Id, Is.Not.Null.And.Not.EqualTo(client.Id));
        Assert.That(echo.GetValue<string>(), Is.EqualTo("hi"));
        if (target.Transport != "polling")
        {
            await WaitForTransportAsync(client, "websocket");
        }
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Ack_EveryJsonKind_ComesBackUnchanged(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        await client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);
        object?[] values = ["text ünïcødé ✓", 0, -1, 300, -70000, 1L << 40, long.MinValue, 1.5, -0.25, true, false, null, new { nested = new object[] { 1, "two", new { three = 3 } } }];

        var ack = await client.EmitWithAckAsync("ack-echo", values).WaitAsync(MsgpackTarget.Timeout);

        var expected = JsonSerializer.SerializeToElement(values);
        Assert.That(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(ack.Values), expected), Is.True, ack.ToString());
        Assert.That(ack.GetValue<long>(5), Is.EqualTo(1L << 40));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Binary_FromClient_ArrivesAsBuffersAtAnyDepth(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var socket = client.Of("/msgpack");
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        var ack = await socket.EmitWithAckAsync(
            "describe",
            new byte[] { 1, 2, 3 },
            new { inner = (ReadOnlyMemory<byte>)new byte[] { 4 }, list = new object[] { new MemoryStream([5, 6]) } },
            "plain").WaitAsync(MsgpackTarget.Timeout);

        var expected = JsonElement.Parse("""
            [{"type":"buffer","hex":"010203"},{"inner":{"type":"buffer","hex":"04"},"list":[{"type":"buffer","hex":"0506"}]},"plain"]
            """);
        Assert.That(JsonElement.DeepEquals(ack.GetJson(0), expected), Is.True, ack.ToString());
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Binary_FromServer_ReadsAsBytesAtAnyDepth(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        var ack = await socket.EmitWithAckAsync("binary-ack").WaitAsync(MsgpackTarget.Timeout);

        Assert.That(ack.IsBinary(0), Is.True);
        Assert.That(ack.GetValue<byte[]>(0), Is.EqualTo(new byte[] { 1, 2, 3 }));
        var nested = ack.GetValue<NestedBinary>(1);
        Assert.That(nested.Nested, Is.EqualTo(new byte[] { 4, 5 }));
        Assert.That(nested.List.Single(), Is.EqualTo(new byte[] { 6 }));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Binary_HalfAMegabyte_EchoesWhole(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        await client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);
        var data = new byte[512 * 1024];
        new Random(16).NextBytes(data);

        await client.EmitAsync("echo", new { name = "blob", data });
        var echo = await client.WaitAsync("echo", MsgpackTarget.Timeout);

        Assert.That(echo, Is.Not.Null);
        Assert.That(echo!.GetJson(0).GetProperty("name").GetString(), Is.EqualTo("blob"));
        Assert.That(Bytes.FirstDifference(echo.GetJson(0).GetProperty("data").GetBytesFromBase64(), data), Is.Null);
        Assert.That(echo.Attachments.Single().Length, Is.EqualTo(data.Length));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Ack_ServerAsksAndClientAnswersWithBinary(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var socket = client.Of("/msgpack");
        socket.On("call-me", e => e.AckAsync("got", e.GetValue<int>(0) + 1, new byte[] { 0xca, 0xfe }, new { deep = new[] { (ReadOnlyMemory<byte>)new byte[] { 1 } } }));
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        await socket.EmitAsync("call-me", 41);
        var acked = await socket.WaitAsync("client-acked", MsgpackTarget.Timeout);

        var expected = JsonElement.Parse("""
            ["got",42,{"type":"buffer","hex":"cafe"},{"deep":[{"type":"buffer","hex":"01"}]}]
            """);
        Assert.That(acked, Is.Not.Null);
        Assert.That(JsonElement.DeepEquals(acked!.GetJson(0), expected), Is.True, acked.ToString());
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task SpecialValues_ReadAsTheirJsonForms(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var socket = client.Of("/msgpack");
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        var ack = await socket.EmitWithAckAsync("special-values").WaitAsync(MsgpackTarget.Timeout);

        Assert.That(ack.GetValue<DateTimeOffset>(0), Is.EqualTo(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero)));
        Assert.That(ack.GetJson(1).GetRawText(), Is.EqualTo("[1,null,3]"));
        Assert.That(ack.GetJson(2).GetRawText(), Is.EqualTo("{\"kept\":1}"));
        Assert.That(ack.GetValue<byte[]>(3), Is.EqualTo(new byte[] { 7, 8, 9 }), "an ArrayBuffer");
        Assert.That(ack.IsBinary(4), Is.True);
        Assert.That(ack.GetValue<byte[]>(4), Is.EqualTo(new byte[] { 10, 11 }), "a Buffer");
        Assert.That(ack.GetValue<long>(5), Is.EqualTo(1L << 40));
        Assert.That(ack.GetValue<long>(6), Is.EqualTo(-(1L << 40)));
        Assert.That(ack.GetValue<double>(7), Is.EqualTo(1.5));
        Assert.That(ack.GetValue<string>(8), Is.EqualTo("ünïcødé ✓"));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Event_FromServer_ReachesHandlersAndThePullApi(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var socket = client.Of("/basic");
        var hello = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("hello", _ => hello.TrySetResult());
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        await hello.Task.WaitAsync(MsgpackTarget.Timeout);
        await socket.EmitAsync("test");
        var test = await socket.WaitAsync("test", MsgpackTarget.Timeout);

        Assert.That(test?.ToString(), Is.EqualTo("[1,2,\"Okay\"]"));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Auth_TravelsInTheConnectPacket(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync(), o => o.Auth = new { user = "random@example.com", token = "my-secret-token" });
        var socket = client.Of("/handshake-auth");
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        var auth = await socket.EmitWithAckAsync("auth").WaitAsync(MsgpackTarget.Timeout);

        Assert.That(auth.GetJson(0).GetProperty("token").GetString(), Is.EqualTo("my-secret-token"));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task MiddlewareRejection_CarriesMessageAndData(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        await client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => client.Of("/reject").ConnectAsync().WaitAsync(MsgpackTarget.Timeout));

        Assert.That(exception!.IsServerRejection, Is.True);
        Assert.That(exception.ServerMessage, Is.EqualTo("not authorized"));
        Assert.That(exception.ServerData?.GetProperty("code").GetInt32(), Is.EqualTo(42));
    }

    [TestCaseSource(typeof(MsgpackTarget), nameof(MsgpackTarget.All))]
    public async Task Reconnection_AfterTheServerDropsTheTransport_SpeaksMsgpackAgain(MsgpackTarget target)
    {
        await using var client = target.Client(await MsgpackTarget.ServerAsync());
        var socket = client.Of("/lifecycle");
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connects = 0;
        socket.Connected += (_, _) =>
        {
            if (Interlocked.Increment(ref connects) == 2)
            {
                reconnected.TrySetResult();
            }
        };
        await socket.ConnectAsync().WaitAsync(MsgpackTarget.Timeout);

        await socket.EmitAsync("drop-transport");
        await reconnected.Task.WaitAsync(MsgpackTarget.Timeout);
        var ack = await socket.EmitWithAckAsync("ack-on-attempt", "k", 1).WaitAsync(MsgpackTarget.Timeout);

        Assert.That(ack.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task DefaultParser_AgainstTheMsgpackServer_FailsAndNamesTheOption()
    {
        var server = await MsgpackTarget.ServerAsync();
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Reconnection = false, ConnectTimeout = TimeSpan.FromSeconds(10) });

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout));

        Assert.That(AllMessages(exception!), Does.Contain("SocketIoClientOptions.Parser"));
    }

    [Test]
    public async Task MsgpackParser_AgainstADefaultParserServer_FailsAndNamesTheOption()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions
        {
            Parser = MessagePackParser.Instance,
            Reconnection = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout));

        Assert.That(AllMessages(exception!), Does.Contain("socket.io-msgpack-parser"));
    }

    [Test]
    public async Task MsgpackParser_AgainstSocketIo2_FailsAtOnceWithTheProtocols()
    {
        var server = await TestServers.GetSharedAsync("sio-v2");
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Parser = MessagePackParser.Instance, Reconnection = false });

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(MsgpackTarget.Timeout));

        Assert.That(exception!.Message, Does.Contain("V5").And.Contain("V4"));
        Assert.That(exception.InnerException, Is.InstanceOf<NotSupportedException>());
    }

    private static string AllMessages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }

    private static async Task WaitForTransportAsync(SocketIoClient client, string transport)
    {
        using var timeout = new CancellationTokenSource(MsgpackTarget.Timeout);
        while (client.TransportName != transport)
        {
            // Upgrades finish in the background; a bounded wait on the client's own ack round trip paces the check.
            await client.EmitWithAckAsync("ack-echo", ["ping"], timeout.Token);
        }
    }

    public sealed class NestedBinary
    {
        [System.Text.Json.Serialization.JsonPropertyName("nested")]
        public byte[] Nested { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("list")]
        public List<byte[]> List { get; set; } = [];
    }
}
