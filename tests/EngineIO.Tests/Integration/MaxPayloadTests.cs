using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// A message larger than the server's <c>maxPayload</c> (revision 4 handshake) is refused before it is queued, with an
/// exception that gives the size and the limit, and the session stays open: the server would otherwise drop the whole
/// connection (HTTP 413 over polling, close 1009 over WebSocket).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class MaxPayloadTests
{
    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_message_over_maxPayload_fails_at_once_and_the_session_stays_open(string transport)
    {
        var server = await TestServers.GetSharedAsync("engineio", new { maxHttpBufferSize = 10_000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport], Upgrade = false });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        Assert.That(client.Handshake!.MaxPayload, Is.EqualTo(10_000));

        var text = Assert.ThrowsAsync<EngineIoPayloadTooLargeException>(async () => await client.SendAsync(new string('x', 10_000)));
        var binary = Assert.ThrowsAsync<EngineIoPayloadTooLargeException>(async () => await client.SendAsync(new byte[10_001]));

        Assert.That(text!.Size, Is.EqualTo(10_001), "the type digit counts");
        Assert.That(text.MaxPayload, Is.EqualTo(10_000));
        Assert.That(binary!.Size, Is.EqualTo(transport == "polling" ? 1 + 13_336 : 10_001));
        await client.SendAsync(new string('y', 9_999));
        Assert.That(await client.ReceiveTextAsync(), Has.Length.EqualTo(9_999), "the echo of a message that fits exactly");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task Multi_byte_text_is_measured_in_UTF8_bytes()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { maxHttpBufferSize = 10_000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"] });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var error = Assert.Throws<EngineIoPayloadTooLargeException>(() => client.EnsureFitsMaxPayload(new string('é', 5_000)));

        Assert.That(error!.Size, Is.EqualTo(10_001));
        Assert.DoesNotThrow(() => client.EnsureFitsMaxPayload(new string('é', 4_999)));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task Utf8_text_is_measured_without_decoding_and_sent_from_the_callers_bytes(string transport)
    {
        var server = await TestServers.GetSharedAsync("engineio", new { maxHttpBufferSize = 10_000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport], Upgrade = false });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var tooLarge = System.Text.Encoding.UTF8.GetBytes(new string('é', 5_000));

        var measured = Assert.Throws<EngineIoPayloadTooLargeException>(() => client.EnsureFitsMaxPayload(EngineIoMessage.FromUtf8Text(tooLarge)));
        var refused = Assert.ThrowsAsync<EngineIoPayloadTooLargeException>(async () => await client.SendUtf8TextAsync(tooLarge, compress: true));

        Assert.That(measured!.Size, Is.EqualTo(10_001), "the type digit and 10,000 UTF-8 bytes");
        Assert.That(refused!.Size, Is.EqualTo(10_001));
        Assert.DoesNotThrow(() => client.EnsureFitsMaxPayload(EngineIoMessage.FromUtf8Text(tooLarge.AsMemory(0, 9_998))));
        await client.SendUtf8TextAsync(System.Text.Encoding.UTF8.GetBytes("héllo"), compress: false);
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("héllo"), "the echo of the UTF-8 message");
        Assert.That(client.IsConnected, Is.True);
    }
}
