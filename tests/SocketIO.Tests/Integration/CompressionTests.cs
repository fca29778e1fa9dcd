namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// permessage-deflate from <see cref="SocketIoClientOptions.EnableCompression"/> and the per-emit
/// <see cref="SocketIoEmitOptions.Compress"/> flag, against socket.io 4.8 started with <c>perMessageDeflate</c>. The
/// WebSocket goes through the recording proxy, which reports the negotiation headers and every frame's RSV1 bit.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CompressionTests
{
    // engine.io's own threshold (1024) would leave short server messages uncompressed; 0 makes the server compress all.
    private static readonly object DeflateServer = new { serverOptions = new { perMessageDeflate = new { threshold = 0 } } };

    private static readonly string Compressible = string.Concat(Enumerable.Repeat("compress me, I repeat myself. ", 200));

    public static IEnumerable<SioTarget> WebSocketTargets => [new SioTarget(4, "websocket"), new SioTarget(4, "upgrade")];

    [TestCaseSource(nameof(WebSocketTargets))]
    public async Task Enabled_NegotiatesDeflate_AndCompressFalseGoesUncompressed(SioTarget target)
    {
        await using var proxy = await RecordingProxy.StartAsync(requireAuth: false, captureFrames: true);
        await using var client = target.Client(await target.ServerAsync(DeflateServer), o =>
        {
            o.EnableCompression = true;
            o.Proxy = proxy.Uri;
        });
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        if (target.Transport == "upgrade")
        {
            await ProxyTests.WaitForWebSocketAsync(client);
        }

        var compressed = await client.EmitWithAckAsync("ack-echo", "COMPRESSED " + Compressible).WaitAsync(SioTarget.Timeout);
        var plain = await client.EmitWithAckAsync("ack-echo", ["PLAIN " + Compressible], new SocketIoEmitOptions { Compress = false }).WaitAsync(SioTarget.Timeout);
        var small = await client.EmitWithAckAsync("ack-echo", "SMALL below the threshold").WaitAsync(SioTarget.Timeout);
        var log = await proxy.LogAsync();

        Assert.That(compressed.GetValue<string>(), Is.EqualTo("COMPRESSED " + Compressible), "the server inflated it and the client inflated the answer");
        Assert.That(plain.GetValue<string>(), Is.EqualTo("PLAIN " + Compressible));
        Assert.That(small.GetValue<string>(), Is.EqualTo("SMALL below the threshold"));
        var tunnel = log.Tunnels.Single();
        Assert.That(tunnel.GetProperty("requestExtensions").GetString(), Does.StartWith("permessage-deflate"), "offered");
        Assert.That(tunnel.GetProperty("responseExtensions").GetString(), Does.StartWith("permessage-deflate"), "accepted");
        var sent = log.Frames.Where(f => f.Direction == "client" && f.Opcode == 1).ToList();
        var plainFrame = sent.Single(f => f.Text?.Contains("PLAIN", StringComparison.Ordinal) == true);
        Assert.That(plainFrame.Rsv1, Is.False, "Compress = false: RSV1 clear");
        Assert.That(plainFrame.Length, Is.GreaterThan(Compressible.Length), "and the whole text on the wire");
        Assert.That(sent.Single(f => f.Text?.Contains("SMALL", StringComparison.Ordinal) == true).Rsv1, Is.False, "below CompressionThreshold");
        Assert.That(sent.Where(f => f.Text?.Contains("COMPRESSED", StringComparison.Ordinal) == true), Is.Empty, "never sent as plain text");
        Assert.That(sent.Count(f => f.Rsv1 && f.Length < Compressible.Length / 10), Is.EqualTo(1), "the default emit went deflated: " + log);
        Assert.That(log.Frames.Any(f => f.Direction == "server" && f.Rsv1), Is.True, "the server compressed its answers too");
    }

    [TestCaseSource(nameof(WebSocketTargets))]
    public async Task Default_OffersNoCompression(SioTarget target)
    {
        await using var proxy = await RecordingProxy.StartAsync(requireAuth: false, captureFrames: true);
        await using var client = target.Client(await target.ServerAsync(DeflateServer), o => o.Proxy = proxy.Uri);
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        if (target.Transport == "upgrade")
        {
            await ProxyTests.WaitForWebSocketAsync(client);
        }

        var ack = await client.EmitWithAckAsync("ack-echo", Compressible).WaitAsync(SioTarget.Timeout);
        var log = await proxy.LogAsync();

        Assert.That(ack.GetValue<string>(), Is.EqualTo(Compressible));
        var tunnel = log.Tunnels.Single();
        Assert.That(tunnel.GetProperty("requestExtensions").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), log.ToString());
        Assert.That(tunnel.GetProperty("responseExtensions").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(log.Frames.Any(f => f.Rsv1), Is.False);
    }

    [Test]
    public async Task Polling_IgnoresTheCompressFlag()
    {
        var target = new SioTarget(4, "polling");
        await using var client = target.Client(await target.ServerAsync(DeflateServer), o => o.EnableCompression = true);
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var ack = await client.EmitWithAckAsync("ack-echo", [Compressible], new SocketIoEmitOptions { Compress = false }).WaitAsync(SioTarget.Timeout);

        Assert.That(ack.GetValue<string>(), Is.EqualTo(Compressible));
        Assert.That(client.TransportName, Is.EqualTo("polling"));
    }
}
