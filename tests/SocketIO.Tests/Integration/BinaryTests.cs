using System.Security.Cryptography;
using System.Text.Json;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class BinaryTests
{
    private const int PartSize = 512 * 1024;

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task TwoMegabytesInHalfMegabyteParts_RoundTrip(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/binary-event");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var payload = RandomNumberGenerator.GetBytes(2_048_000);
        var hash = Guid.NewGuid().ToString("N");

        for (var offset = 0; offset < payload.Length; offset += PartSize)
        {
            var part = payload.AsMemory(offset, Math.Min(PartSize, payload.Length - offset));
            await socket.EmitAsync("test-binary-attachment", new { hash, content = part });
            var reply = await socket.WaitAsync("test-binary-attachment", SioTarget.Timeout);
            Assert.That(reply, Is.Not.Null);
            Assert.That(reply!.GetJson(0).GetProperty("success").GetBoolean(), Is.True);
            Assert.That(reply.GetJson(0).GetProperty("length").GetInt32(), Is.EqualTo(offset + part.Length));
        }

        await socket.EmitAsync("test-binary", new { hash });
        var result = await socket.WaitAsync("test-binary", SioTarget.Timeout);

        Assert.That(result, Is.Not.Null);
        var data = result!.GetValue<BinaryResult>();
        Assert.That(data.Success, Is.True);
        Assert.That(System.Text.Encoding.UTF8.GetString(data.Time), Is.Not.Empty);
        Assert.That(Bytes.FirstDifference(data.Payload, payload), Is.Null);
        Assert.That(result.Attachments, Has.Count.EqualTo(2));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task SeveralAttachmentsAtEveryDepth_ReachTheServerAsBuffers(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/binary-event");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var described = await socket.EmitWithAckAsync(
            "describe",
            new byte[] { 1 },
            new { a = (ReadOnlyMemory<byte>)new byte[] { 2, 2 }, b = new object[] { "x", new byte[] { 3, 3, 3 } } },
            new MemoryStream([4])).WaitAsync(SioTarget.Timeout);

        using var expected = JsonDocument.Parse("""
            [{"type":"buffer","length":1,"first":1},
             {"a":{"type":"buffer","length":2,"first":2},"b":["x",{"type":"buffer","length":3,"first":3}]},
             {"type":"buffer","length":1,"first":4}]
            """);
        Assert.That(JsonElement.DeepEquals(described.GetJson(0), expected.RootElement), Is.True, described.ToString());
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task BinaryAsStream_ReturnsStreamsForUntypedReads(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.BinaryAsStream = true);
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var ack = await socket.EmitWithAckAsync("binary-ack").WaitAsync(SioTarget.Timeout);

        Assert.That(ack.GetValue(0), Is.InstanceOf<Stream>());
        using var stream = (Stream)ack.GetValue(0)!;
        Assert.That(stream.Length, Is.EqualTo(3));
        Assert.That(ack.GetValue(1), Is.InstanceOf<JsonElement>());
    }

    public sealed class BinaryResult
    {
        [System.Text.Json.Serialization.JsonPropertyName("success")]
        public bool Success { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("time")]
        public byte[] Time { get; set; } = [];

        [System.Text.Json.Serialization.JsonPropertyName("payload")]
        public byte[] Payload { get; set; } = [];
    }
}
