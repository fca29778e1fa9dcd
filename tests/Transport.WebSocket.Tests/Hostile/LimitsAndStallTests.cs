using Microsoft.Extensions.Time.Testing;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Size limits and servers that stop reading or answering: the client must neither hang nor grow.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class LimitsAndStallTests
{
    [Test]
    public Task A_frame_announcing_more_than_the_limit_fails_with_1009_before_its_payload() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x2, [], forcedLength: 2_000_000), 1009, new WebSocketClientOptions { MaxMessageSize = 1_000_000 });

    [Test]
    public Task Fragments_adding_up_past_the_limit_fail_with_1009() =>
        HostileAssert.ClientFailsWithAsync(
            [.. Frame(0x2, new byte[600], fin: false), .. Frame(0x0, new byte[600], fin: false)],
            1009,
            new WebSocketClientOptions { MaxMessageSize = 1000 });

    [Test]
    public async Task A_message_exactly_at_the_limit_is_accepted()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { MaxMessageSize = 1000 });
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([.. Frame(0x2, new byte[400], fin: false), .. Frame(0x0, new byte[600])]);
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.That(message.Data.Length, Is.EqualTo(1000));
        }
    }

    [Test]
    public Task One_byte_continuation_frames_past_the_default_fragment_limit_fail_with_1009()
    {
        // 65,537 frames, none with FIN: 196 KB on the wire, far below the 64 MiB size cap, and never a whole message.
        var flood = new byte[3 * (WebSocketConnectionOptions.DefaultMaxFragmentsPerMessage + 1)];
        Frame(0x2, [1], fin: false).CopyTo(flood, 0);
        for (var i = 3; i < flood.Length; i += 3)
        {
            Frame(0x0, [1], fin: false).CopyTo(flood, i);
        }

        return HostileAssert.ClientFailsWithAsync(flood, 1009);
    }

    [Test]
    public Task Empty_continuation_frames_count_towards_the_fragment_limit() =>
        HostileAssert.ClientFailsWithAsync(
            [.. Frame(0x1, "a"u8.ToArray(), fin: false), .. Enumerable.Range(0, 10).SelectMany(_ => Frame(0x0, [], fin: false))],
            1009,
            new WebSocketClientOptions { MaxFragmentsPerMessage = 10 });

    [Test]
    public async Task A_message_in_exactly_the_most_fragments_allowed_is_accepted_with_control_frames_between()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { MaxFragmentsPerMessage = 10 });
        await using (client)
        await using (peer)
        {
            await peer.WriteAsync([
                .. Frame(0x1, "0"u8.ToArray(), fin: false),
                .. Enumerable.Range(1, 8).SelectMany(i => (byte[])[.. Frame(0x9, []), .. Frame(0x0, [(byte)('0' + i)], fin: false)]),
                .. Frame(0x0, "9"u8.ToArray()),
                .. Frame(0x1, "next"u8.ToArray()),
            ]);
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            using var next = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(message.GetText(), Is.EqualTo("0123456789"));
                Assert.That(next.GetText(), Is.EqualTo("next"));
            });
        }
    }

    [Test]
    public void The_documented_default_fragment_limit_is_65_536() =>
        Assert.Multiple(() =>
        {
            Assert.That(WebSocketConnectionOptions.DefaultMaxFragmentsPerMessage, Is.EqualTo(65_536));
            Assert.That(new WebSocketConnectionOptions().MaxFragmentsPerMessage, Is.EqualTo(65_536));
            Assert.That(new WebSocketClientOptions().MaxFragmentsPerMessage, Is.EqualTo(65_536));
        });

    [Test]
    public void The_fragment_limit_must_be_positive() =>
        Assert.That(() => WebSocketConnection.Create(new MemoryStream(), new WebSocketConnectionOptions { MaxFragmentsPerMessage = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public async Task A_server_that_stops_reading_blocks_senders_only_until_close_drops_it()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync(new WebSocketClientOptions { CloseTimeout = TimeSpan.FromMilliseconds(500) });
        await using (client)
        await using (peer)
        {
            var blocked = await StuckSender.SendUntilStuckAsync(client, new byte[256 * 1024], CancellationToken.None);
            await client.CloseAsync().WaitAsync(Patience);
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            Assert.That(async () => await blocked.WaitAsync(Patience), Throws.InstanceOf<WebSocketProtocolException>());
        }
    }

    [Test]
    public async Task A_cancelled_send_waiting_for_buffer_space_throws_and_leaves_the_connection_usable()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            using var cancel = new CancellationTokenSource();
            var blocked = await StuckSender.SendUntilStuckAsync(client, new byte[60_000], cancel.Token);
            await cancel.CancelAsync();
            Assert.That(async () => await blocked.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
        }
    }

    [Test]
    public async Task Keep_alive_drops_a_server_that_stops_answering_pings()
    {
        await using var server = new HostileServer();
        var time = new FakeTimeProvider();
        var options = new WebSocketClientOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };
        var (client, peer) = await server.ConnectAsync(options);
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            time.Advance(TimeSpan.FromSeconds(20));
            var ping = await peer.ReadFrameAsync();
            Assert.That(ping?.Opcode, Is.EqualTo(0x9));

            // The connection looks for the pong every quarter of the shorter period (2.5 s here), on the same clock.
            time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open), "still within the keep-alive timeout");
            time.Advance(TimeSpan.FromMilliseconds(1));
            var failure = await HostileAssert.FailsWithAsync<WebSocketProtocolException>(receive);
            Assert.Multiple(() =>
            {
                Assert.That(failure.Message, Does.Contain("pong"));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            });
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
        }
    }

    [Test]
    public async Task Keep_alive_keeps_a_connection_whose_server_answers()
    {
        await using var server = new HostileServer();
        var time = new FakeTimeProvider();
        var options = new WebSocketClientOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };
        var (client, peer) = await server.ConnectAsync(options);
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            for (var i = 0; i < 5; i++)
            {
                // Each ping is answered before the next interval passes: 100 s in all, ten times the keep-alive timeout.
                // A message follows each pong, so once it arrives the pong before it has been read.
                time.Advance(TimeSpan.FromSeconds(20));
                var ping = await peer.ReadFrameAsync();
                Assert.That(ping?.Opcode, Is.EqualTo(0x9));
                await peer.WriteAsync([.. Frame(0xA, ping!.Payload), .. Text($"after pong {i}")]);
                using var answered = await receive.WaitAsync(Patience);
                Assert.That(answered.GetText(), Is.EqualTo($"after pong {i}"));
                receive = client.ReceiveAsync().AsTask();
            }

            await peer.WriteAsync(Text("still here"));
            using var message = await receive.WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(message.GetText(), Is.EqualTo("still here"));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
            });
        }
    }

    [Test]
    public async Task A_cancelled_receive_aborts_the_connection()
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            using var cancel = new CancellationTokenSource();
            var receive = client.ReceiveAsync(cancel.Token).AsTask();
            await cancel.CancelAsync();
            Assert.That(async () => await receive.WaitAsync(Patience), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Aborted));
            Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
        }
    }
}
