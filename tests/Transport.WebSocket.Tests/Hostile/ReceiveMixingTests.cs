using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>ReceiveAsync() after a ReceiveAsync(Memory) that read part of a message returns the rest of it.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class ReceiveMixingTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task A_whole_message_receive_after_a_partial_one_returns_the_rest_of_the_message(bool compressed)
    {
        await using var server = new HostileServer();
        var options = new WebSocketClientOptions { EnableCompression = compressed, CloseTimeout = TimeSpan.FromSeconds(2) };
        var (client, peer) = await server.ConnectAsync(options, compressed ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "");
        await using (client)
        await using (peer)
        {
            // "Hello" compressed as in RFC 7692 §7.2.3.1, or plain; then a second message.
            byte[] hello = compressed ? [0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00] : Text("Hello");
            await peer.WriteAsync([.. hello, .. Text("next")]);
            var part = new byte[2];
            var first = await client.ReceiveAsync(part).AsTask().WaitAsync(Patience);

            // Run off the test's thread: a receive that spins synchronously must fail the test, not hang it.
            using var rest = await Task.Run(() => client.ReceiveAsync().AsTask()).WaitAsync(Patience);
            using var next = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo(new WebSocketReceiveResult(WebSocketMessageKind.Text, 2, false)));
                Assert.That(System.Text.Encoding.UTF8.GetString(part), Is.EqualTo("He"));
                Assert.That(rest.Kind, Is.EqualTo(WebSocketMessageKind.Text));
                Assert.That(rest.GetText(), Is.EqualTo("llo"));
                Assert.That(next.GetText(), Is.EqualTo("next"));
            });
        }
    }
}
