using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
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
    public async Task A_completed_handshake_whose_server_keeps_TCP_open_ends_Closed_every_time()
    {
        // The server closes with 1000 and never ends TCP; the application closes too, as Engine.IO does when it sees
        // the close. Both waits run on one deadline, so when it passes the completed handshake is Closed: two timers
        // of the same length used to race, and the loser reported Aborted in about half the runs.
        for (var run = 0; run < 40; run++)
        {
            var time = new FakeTimeProvider();
            var completed = new LogSignal("CloseHandshakeCompleted");
            var (client, peer) = await ConnectOverTcpAsync(time, completed);
            await using (client)
            await using (peer)
            {
                await peer.WriteAsync(Close(1000));
                using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
                var closing = client.CloseAsync();
                var echo = await peer.ReadUntilCloseAsync();
                await completed.Logged.WaitAsync(Patience);
                Assert.That(closing.IsCompleted, Is.False, "the client waits for the server to end TCP first");

                time.Advance(CloseTimeout);
                await closing.WaitAsync(Patience);
                Assert.Multiple(() =>
                {
                    Assert.That(echo?.CloseCode, Is.EqualTo(1000));
                    Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed), $"run {run}: {client.CloseCode} {client.CloseReason}");
                    Assert.That(client.CloseCode, Is.EqualTo(1000));
                });
                Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
            }
        }
    }

    [Test]
    public async Task A_client_close_answered_by_a_server_that_keeps_TCP_open_ends_Closed_every_time()
    {
        for (var run = 0; run < 40; run++)
        {
            var time = new FakeTimeProvider();
            var completed = new LogSignal("CloseHandshakeCompleted");
            var (client, peer) = await ConnectOverTcpAsync(time, completed);
            await using (client)
            await using (peer)
            {
                var closing = client.CloseAsync(4000, "done");
                var close = await peer.ReadUntilCloseAsync();
                await peer.WriteAsync(Close(4000));
                await completed.Logged.WaitAsync(Patience);
                Assert.That(closing.IsCompleted, Is.False, "the client waits for the server to end TCP first");
                time.Advance(CloseTimeout);
                await closing.WaitAsync(Patience);
                Assert.Multiple(() =>
                {
                    Assert.That(close?.CloseCode, Is.EqualTo(4000));
                    Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed), $"run {run}: {client.CloseCode} {client.CloseReason}");
                });
                Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
            }
        }
    }

    [Test]
    public async Task A_client_close_the_server_never_answers_ends_Aborted_at_the_deadline()
    {
        var time = new FakeTimeProvider();
        var (client, peer) = await ConnectOverTcpAsync(time);
        await using (client)
        await using (peer)
        {
            var closing = client.CloseAsync();
            Assert.That((await peer.ReadUntilCloseAsync())?.CloseCode, Is.EqualTo(1000));
            time.Advance(CloseTimeout - TimeSpan.FromMilliseconds(1));
            Assert.That(closing.IsCompleted, Is.False);
            time.Advance(TimeSpan.FromMilliseconds(1));
            await closing.WaitAsync(Patience);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
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

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A connection over plain loopback TCP (no HTTP upgrade: <see cref="WebSocketConnection.Create(Stream, WebSocketConnectionOptions?)"/>
    /// takes an upgraded stream) whose close timeout runs on <paramref name="time"/>.</summary>
    private static async Task<(WebSocketConnection Client, RawPeer Peer)> ConnectOverTcpAsync(TimeProvider time, LogSignal? log = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(Patience);
        var accepted = await listener.AcceptTcpClientAsync().WaitAsync(Patience);
        var client = WebSocketConnection.Create(tcp.GetStream(), new WebSocketConnectionOptions { CloseTimeout = CloseTimeout, TimeProvider = time, LoggerFactory = log });
        return (client, new RawPeer(accepted));
    }
}
