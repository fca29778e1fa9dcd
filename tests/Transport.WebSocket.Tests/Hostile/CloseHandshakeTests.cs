using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>The close handshake both ways and every close-code rule (RFC 6455 §5.5.1, §7).</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class CloseHandshakeTests
{
    [TestCase(1000)]
    [TestCase(1001)]
    [TestCase(1003)]
    [TestCase(1007)]
    [TestCase(1011)]
    [TestCase(1014)]
    [TestCase(3000)]
    [TestCase(4999)]
    public async Task A_valid_server_close_is_reported_and_echoed(int code)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync(Close(code, "bye"));
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            var echo = await peer.ReadUntilCloseAsync();
            Assert.Multiple(() =>
            {
                Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Close));
                Assert.That(client.CloseCode, Is.EqualTo(code));
                Assert.That(client.CloseReason, Is.EqualTo("bye"));
                Assert.That(echo?.CloseCode, Is.EqualTo(code));
            });

            // The client waits for the server to end TCP first; once it has, the connection is closed cleanly.
            await peer.DisposeAsync();
            await client.CloseAsync().WaitAsync(Patience);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
        }
    }

    [Test]
    public async Task An_empty_close_is_answered_with_1000_and_reported_as_1005()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync(Frame(0x8, []));
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            var echo = await peer.ReadUntilCloseAsync();
            Assert.Multiple(() =>
            {
                Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Close));
                Assert.That(client.CloseCode, Is.EqualTo(1005));
                Assert.That(echo?.CloseCode, Is.EqualTo(1000));
            });
        }
    }

    [TestCase(0)]
    [TestCase(999)]
    [TestCase(1004)]
    [TestCase(1005)]
    [TestCase(1006)]
    [TestCase(1015)]
    [TestCase(1016)]
    [TestCase(1100)]
    [TestCase(2000)]
    [TestCase(2999)]
    [TestCase(5000)]
    [TestCase(65535)]
    public Task A_close_code_not_allowed_on_the_wire_fails_with_1002(int code) =>
        HostileAssert.ClientFailsWithAsync(Close(code), 1002);

    [Test]
    public Task A_one_byte_close_body_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x8, [0x03]), 1002);

    [Test]
    public Task A_close_reason_that_is_not_utf8_fails_with_1007() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x8, [0x03, 0xE8, 0xCE, 0xBA, 0xED, 0xA0, 0x80]), 1007);

    [Test]
    public async Task A_reason_of_123_bytes_is_accepted()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync(Close(1000, new string('r', 123)));
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.That(client.CloseReason, Has.Length.EqualTo(123));
        }
    }

    [Test]
    public async Task Frames_after_the_server_close_are_ignored_and_pings_not_answered()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([.. Close(1000), .. Frame(0x9, "late"u8.ToArray()), .. Text("late")]);
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            using var again = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            var echo = await peer.ReadFrameAsync();
            await peer.DisposeAsync();
            Assert.Multiple(() =>
            {
                Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Close));
                Assert.That(again.Kind, Is.EqualTo(WebSocketMessageKind.Close));
                Assert.That(echo?.Opcode, Is.EqualTo(0x8));
            });
        }
    }

    [Test]
    public async Task A_client_close_completes_when_the_server_answers_and_hangs_up()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var closing = client.CloseAsync(4001, "done");
            var close = await peer.ReadUntilCloseAsync();
            Assert.That(close?.CloseCode, Is.EqualTo(4001));
            Assert.That(System.Text.Encoding.UTF8.GetString(close!.Payload.AsSpan(2)), Is.EqualTo("done"));

            // A message still in flight before the server's close is discarded by the close handshake.
            await peer.WriteAsync([.. Text("in flight"), .. Close(4001)]);
            await peer.DisposeAsync();
            await closing.WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
                Assert.That(client.CloseCode, Is.EqualTo(4001));
            });
            Assert.That(async () => await client.SendTextAsync("too late"), Throws.InstanceOf<InvalidOperationException>());
        }
    }

    [Test]
    public async Task A_client_close_gives_up_on_a_silent_server_within_the_close_timeout()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { CloseTimeout = TimeSpan.FromMilliseconds(300) });
        await using (client)
        await using (peer)
        {
            await client.CloseAsync().WaitAsync(Patience);
            var close = await peer.ReadUntilCloseAsync();
            Assert.Multiple(() =>
            {
                Assert.That(close?.CloseCode, Is.EqualTo(1000));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            });
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
        }
    }

    [Test]
    public async Task A_server_that_closes_but_keeps_TCP_open_is_dropped_after_the_close_timeout()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { CloseTimeout = TimeSpan.FromMilliseconds(300) });
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync(Close(1000));
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.That(await peer.ReadUntilCloseAsync(), Is.Not.Null);
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
        }
    }

    [Test]
    public async Task A_dropped_TCP_connection_is_reported_as_1006()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        {
            var receive = client.ReceiveAsync().AsTask();
            await peer.WriteAsync(Text("partial", fin: false));
            await peer.DisposeAsync();
            var failure = await HostileAssert.FailsWithAsync<WebSocketProtocolException>(receive);
            Assert.Multiple(() =>
            {
                Assert.That(failure.CloseCode, Is.EqualTo(1006));
                Assert.That(client.CloseCode, Is.EqualTo(1006));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            });
        }
    }

    [TestCase(1005)]
    [TestCase(1006)]
    [TestCase(999)]
    public async Task Close_refuses_codes_not_allowed_on_the_wire(int code)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            Assert.That(async () => await client.CloseAsync(code), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
