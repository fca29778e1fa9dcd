using System.Text.Json;

namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AckTests
{
    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Ack_ClientRequestsAndServerAnswers(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var ack = await socket.EmitWithAckAsync("test-send-ack", new { message = "An ack send test" }).WaitAsync(SioTarget.Timeout);

        Assert.That(ack.Count, Is.EqualTo(1));
        Assert.That(ack.GetValue<string>(), Is.EqualTo("+ack"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Ack_ServerRequestsAndClientAnswersFromAWait(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("test-recv-ack", new { message = "An ack recv test" });
        var request = await socket.WaitAsync("test-recv-ack", SioTarget.Timeout);
        Assert.That(request, Is.Not.Null);
        Assert.That(request!.AckRequested, Is.True);
        Assert.That(request.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
        await request.AckAsync("Okay");
        var acked = await socket.WaitAsync("client-acked", SioTarget.Timeout);

        Assert.That(acked?.GetJson(0).GetRawText(), Is.EqualTo("[\"Okay\"]"));
        Assert.ThrowsAsync<InvalidOperationException>(() => request.AckAsync("again"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Ack_AnsweredFromAHandler(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/ack");
        socket.On("test-recv-ack", async e => await e.AckAsync("from-handler", 7));
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("test-recv-ack");
        var acked = await socket.WaitAsync("client-acked", SioTarget.Timeout);

        Assert.That(acked?.GetJson(0).GetRawText(), Is.EqualTo("[\"from-handler\",7]"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Ack_BinaryFromServer_ComesBackAsBytesAtAnyDepth(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var ack = await socket.EmitWithAckAsync("binary-ack").WaitAsync(SioTarget.Timeout);

        Assert.That(ack.Count, Is.EqualTo(2));
        Assert.That(ack.IsBinary(0), Is.True);
        Assert.That(ack.GetValue<byte[]>(0), Is.EqualTo(new byte[] { 1, 2, 3 }));
        var nested = ack.GetValue<NestedBinary>(1);
        Assert.That(nested.Nested, Is.EqualTo(new byte[] { 4, 5 }));
        Assert.That(nested.List.Single(), Is.EqualTo(new byte[] { 6 }));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Ack_BinaryFromClient_ReachesTheServerAsBuffers(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/ack");
        socket.On("request-binary-ack", e => e.AckAsync(new byte[] { 9, 8 }, new { inner = (ReadOnlyMemory<byte>)new byte[] { 7 } }));
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("request-binary-ack");
        var acked = await socket.WaitAsync("client-acked", SioTarget.Timeout);

        using var expected = JsonDocument.Parse(
            "[{\"type\":\"buffer\",\"length\":2,\"first\":9},{\"inner\":{\"type\":\"buffer\",\"length\":1,\"first\":7}}]");
        Assert.That(acked, Is.Not.Null);
        Assert.That(JsonElement.DeepEquals(acked!.GetJson(0), expected.RootElement), Is.True, acked.ToString());
    }

    public sealed class NestedBinary
    {
        [System.Text.Json.Serialization.JsonPropertyName("nested")]
        public byte[] Nested { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("list")]
        public List<byte[]> List { get; set; } = [];
    }
}
