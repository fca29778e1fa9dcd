using Tusk.Testing;

namespace Tusk.Transport.WebSocket.Tests.Interop;

/// <summary>The WebSocket layer's own metrics, with the layer used alone against the npm <c>ws</c> echo server.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class WebSocketMetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_connection_counts_itself_and_its_messages_and_payload_bytes_by_type(bool deflate)
    {
        using var meters = new MeterRecorder();
        var server = await TestServers.GetSharedAsync("ws-echo", deflate ? new { perMessageDeflate = (object)new { threshold = 0 } } : new { perMessageDeflate = (object)false });
        var client = await WebSocketClient.ConnectAsync(server.WebSocketUri, new WebSocketClientOptions { EnableCompression = deflate, MeterFactory = meters }).WaitAsync(Patience);
        await using (client)
        {
            Assert.That(meters.Sum("websocket.client.connections"), Is.EqualTo(1));
            await client.SendTextAsync("héllo");
            using (var text = await client.ReceiveAsync().AsTask().WaitAsync(Patience))
            {
                Assert.That(text.GetText(), Is.EqualTo("héllo"));
            }

            await client.SendAsync(new byte[1000], WebSocketMessageKind.Binary);
            var buffer = new byte[300];
            var received = 0;
            while (true)
            {
                // Streamed in parts: the message counts once, when its last part arrives.
                var part = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience);
                received += part.Count;
                if (part.EndOfMessage)
                {
                    break;
                }
            }

            Assert.That(received, Is.EqualTo(1000));
            await client.CloseAsync().WaitAsync(Patience);
        }

        Assert.That(meters.Of("websocket.client.connections").Select(m => m.Value), Is.EqualTo(new[] { 1d, -1d }));
        Assert.That(meters.Sum("websocket.client.messages.sent", "websocket.message.type", "text"), Is.EqualTo(1));
        Assert.That(meters.Sum("websocket.client.messages.sent", "websocket.message.type", "binary"), Is.EqualTo(1));
        Assert.That(meters.Sum("websocket.client.messages.received", "websocket.message.type", "text"), Is.EqualTo(1));
        Assert.That(meters.Sum("websocket.client.messages.received", "websocket.message.type", "binary"), Is.EqualTo(1));
        Assert.That(meters.Sum("websocket.client.bytes.sent", "websocket.message.type", "text"), Is.EqualTo(6));
        Assert.That(meters.Sum("websocket.client.bytes.sent", "websocket.message.type", "binary"), Is.EqualTo(1000));
        Assert.That(meters.Sum("websocket.client.bytes.received", "websocket.message.type", "text"), Is.EqualTo(6));
        Assert.That(meters.Sum("websocket.client.bytes.received", "websocket.message.type", "binary"), Is.EqualTo(1000));
        Assert.That(meters.Of("websocket.client.bytes.sent")[0].Unit, Is.EqualTo("By"));
    }

    [Test]
    public async Task Payload_bytes_are_counted_when_only_the_byte_counters_are_listened_to()
    {
        // An exporter may select instruments one by one: the byte counters must not depend on the message counters.
        using var meters = new MeterRecorder(["websocket.client.bytes.sent", "websocket.client.bytes.received"]);
        var server = await TestServers.GetSharedAsync("ws-echo", new { perMessageDeflate = (object)false });
        var client = await WebSocketClient.ConnectAsync(server.WebSocketUri, new WebSocketClientOptions { MeterFactory = meters }).WaitAsync(Patience);
        await using (client)
        {
            await client.SendTextAsync("héllo");
            using (var text = await client.ReceiveAsync().AsTask().WaitAsync(Patience))
            {
                Assert.That(text.GetText(), Is.EqualTo("héllo"));
            }

            await client.SendAsync(new byte[1000], WebSocketMessageKind.Binary);
            using (var binary = await client.ReceiveAsync().AsTask().WaitAsync(Patience))
            {
                Assert.That(binary.Data.Length, Is.EqualTo(1000));
            }

            await client.CloseAsync().WaitAsync(Patience);
        }

        Assert.That(meters.Sum("websocket.client.bytes.sent", "websocket.message.type", "text"), Is.EqualTo(6));
        Assert.That(meters.Sum("websocket.client.bytes.sent", "websocket.message.type", "binary"), Is.EqualTo(1000));
        Assert.That(meters.Sum("websocket.client.bytes.received", "websocket.message.type", "text"), Is.EqualTo(6));
        Assert.That(meters.Sum("websocket.client.bytes.received", "websocket.message.type", "binary"), Is.EqualTo(1000));
        Assert.That(meters.Of("websocket.client.messages.sent"), Is.Empty, "not listened to");
    }
}
