using Tusk.EngineIO.Tests.Integration;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>The session over a transport written by the user (in-memory), with the peer driven by the test.</summary>
public sealed class CustomTransportSessionTests
{
    private const string V4Handshake = """{"sid":"mem1","upgrades":[],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}""";
    private const string V3Handshake = """{"sid":"mem3","upgrades":[],"pingInterval":100,"pingTimeout":5000}""";

    private static (EngineIoClient Client, InMemoryTransportFactory Factory, InMemoryTransport Transport) Create(
        EngineIoVersion version, params string[] transports) => Create(version, sendBufferCapacity: 1024, transports);

    private static (EngineIoClient Client, InMemoryTransportFactory Factory, InMemoryTransport Transport) Create(
        EngineIoVersion version, int sendBufferCapacity, params string[] transports)
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var options = new EngineIoClientOptions
        {
            Version = version,
            Transports = transports.Length == 0 ? ["memory"] : transports,
            TransportFactory = factory,
            SendBufferCapacity = sendBufferCapacity,
        };
        return (new EngineIoClient(new Uri("http://in-memory.test"), options), factory, transport);
    }

    [Test]
    public async Task A_session_runs_over_a_custom_transport()
    {
        var (client, factory, transport) = Create(EngineIoVersion.V4);
        await using var _ = client;
        transport.ServerOpens(V4Handshake);
        var opened = new TaskCompletionSource<EngineIoOpenedEventArgs>();
        client.Opened += (_, e) => opened.TrySetResult(e);

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.TransportName, Is.EqualTo("memory"));
        Assert.That(client.Handshake!.Sid, Is.EqualTo("mem1"));
        Assert.That(factory.Context!.SessionId, Is.EqualTo("mem1"));
        Assert.That((await opened.Task.WaitAsync(TestTimeouts.Event)).TransportName, Is.EqualTo("memory"));

        await client.SendAsync("hi");
        await client.SendAsync(new byte[] { 7, 8 });
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("hi")));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message(new byte[] { 7, 8 })));

        transport.ServerSends(EngineIoPacket.Message("from server"));
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("from server"));
    }

    [Test]
    public async Task Messages_that_arrive_in_one_batch_say_that_more_follow_except_the_last()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var _ = client;
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.HoldReceives = gate;

        transport.ServerSends(EngineIoPacket.Message("a"));
        transport.ServerSends(EngineIoPacket.Message(new byte[] { 1 }));
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Ping));
        transport.ServerSends(EngineIoPacket.Message("c"));
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Noop));
        gate.SetResult();
        var batch = new[] { await client.ReceiveMessageAsync(), await client.ReceiveMessageAsync(), await client.ReceiveMessageAsync() };
        transport.HoldReceives = null;
        transport.ServerSends(EngineIoPacket.Message("alone"));
        var alone = await client.ReceiveMessageAsync();

        Assert.That(batch.Select(m => m.ToString()), Is.EqualTo(new[] { "a", "<1 bytes>", "c" }));
        Assert.That(batch.Select(m => m.HasMoreInBatch), Is.EqualTo(new[] { true, true, false }));
        Assert.That(alone.HasMoreInBatch, Is.False);
        Assert.That(batch[0], Is.EqualTo(EngineIoMessage.FromText("a")), "the flag is not part of the content");
    }

    [Test]
    public async Task Revision_4_answers_server_pings_with_the_same_data()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        var pinged = new TaskCompletionSource();
        client.PingReceived += (_, _) => pinged.TrySetResult();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Ping));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Pong)));
        await pinged.Task.WaitAsync(TestTimeouts.Event);
    }

    [Test]
    public async Task Auto_without_framing_takes_max_payload_as_revision_4()
    {
        var (client, factory, transport) = Create(EngineIoVersion.Auto);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Version, Is.EqualTo(EngineIoVersion.V4));
        Assert.That(factory.RequestedVersions, Is.EqualTo(new[] { EngineIoVersion.Auto }));
    }

    [Test]
    public async Task Auto_with_a_custom_transport_and_no_hint_assumes_revision_4()
    {
        var (client, _, transport) = Create(EngineIoVersion.Auto);
        await using var __ = client;
        transport.ServerOpens("""{"sid":"a","upgrades":[],"pingInterval":5000,"pingTimeout":5000}""");

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Version, Is.EqualTo(EngineIoVersion.V4));
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Ping));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Pong)));
    }

    [Test]
    public async Task A_custom_transport_that_detects_the_revision_sets_it_on_the_context()
    {
        var (client, _, transport) = Create(EngineIoVersion.Auto);
        await using var __ = client;
        transport.ServerOpens(V3Handshake);
        transport.Detects = EngineIoVersion.V3;

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Version, Is.EqualTo(EngineIoVersion.V3));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Ping)));
    }

    [Test]
    public async Task A_close_packet_from_the_server_ends_the_session()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        transport.ServerSends(EngineIoPacket.Message("bye"));
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Close));

        Assert.That((await closed.WaitAsync(TestTimeouts.Event)).Reason, Is.EqualTo(EngineIoCloseReason.ServerClose));
        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("bye"));
        Assert.That(await client.ReceiveAsync(), Is.Null);
    }

    [Test]
    public async Task A_broken_transport_ends_the_session_with_the_error()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        transport.Break();

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        Assert.That(args.Exception, Is.InstanceOf<EngineIoException>().And.Message.Contains("the in-memory link broke"));
        Assert.That(client.CloseException, Is.SameAs(args.Exception));
    }

    [Test]
    public async Task A_close_packet_while_a_write_is_in_flight_that_the_server_drops_ends_the_session_as_that_error()
    {
        // engine.io 3 cuts an over-limit POST and sends a close packet on the poll: the message was lost, so the session
        // must end with the write's error, not as a clean server close, whichever of the two the client sees first.
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.HoldSends = write;
        var closeSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PacketReceived += (_, e) =>
        {
            if (e.Packet.Type == EngineIoPacketType.Close)
            {
                closeSeen.TrySetResult();
            }
        };

        await client.SendAsync("dropped by the server");
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Close));
        await closeSeen.Task.WaitAsync(TestTimeouts.Event);
        write.SetException(new IOException("the server reset the request"));

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        Assert.That(args.Exception?.Message, Does.Contain("the server reset the request"));
    }

    [Test]
    public async Task A_close_packet_while_a_write_is_in_flight_that_succeeds_is_a_server_close()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.HoldSends = write;

        await client.SendAsync("delivered");
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Close));
        write.SetResult();

        Assert.That((await closed.WaitAsync(TestTimeouts.Event)).Reason, Is.EqualTo(EngineIoCloseReason.ServerClose));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("delivered")));
    }

    [Test]
    public async Task A_client_close_flushes_queued_messages_then_sends_the_close_packet()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        await client.SendAsync("one");
        await client.SendAsync("two");
        await client.CloseAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("one")));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("two")));
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(new EngineIoPacket(EngineIoPacketType.Close)));
        Assert.That(client.CloseReason, Is.EqualTo(EngineIoCloseReason.ClientClose));
        await client.DisposeAsync();
    }

    [Test]
    public async Task A_first_packet_that_is_not_open_fails_the_connect_clearly()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerSends(EngineIoPacket.Message("hello"));

        var error = Assert.ThrowsAsync<EngineIoParseException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));
        Assert.That(error!.Message, Does.Contain("not the open packet"));
    }

    [TestCase("not json")]
    [TestCase("""{"upgrades":[]}""")]
    [TestCase("""{"sid":"x","pingInterval":-1,"pingTimeout":5}""")]
    public void A_malformed_handshake_fails_the_connect_clearly(string json)
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        transport.ServerOpens(json);

        Assert.ThrowsAsync<EngineIoParseException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));
    }

    [Test]
    public void An_unknown_transport_name_fails_the_connect_clearly()
    {
        var (client, _, _) = Create(EngineIoVersion.V4, "carrier-pigeon");

        var error = Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));
        Assert.That(error!.Message, Does.Contain("carrier-pigeon"));
    }

    [Test]
    public async Task Closing_while_connecting_stops_the_attempt_and_releases_the_transport()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        var connecting = client.ConnectAsync();
        await transport.Opened.Task.WaitAsync(TestTimeouts.Event);

        await client.CloseAsync().WaitAsync(TestTimeouts.Event);

        var error = Assert.ThrowsAsync<EngineIoException>(() => connecting.WaitAsync(TestTimeouts.Event));
        Assert.That(error!.Message, Does.Contain("closed while connecting"));
        Assert.That(transport.Disposed, Is.True);
        Assert.That(client.CloseReason, Is.EqualTo(EngineIoCloseReason.ClientClose));
        Assert.ThrowsAsync<EngineIoException>(async () => await client.SendAsync("late"));
    }

    [Test]
    public async Task Messages_sent_before_the_handshake_go_out_once_the_session_is_open()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        await client.SendAsync("early");
        transport.ServerOpens(V4Handshake);

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("early")));
    }

    [Test]
    public async Task ReadAllAsync_yields_every_message_until_the_session_ends()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        transport.ServerSends(EngineIoPacket.Message("a"));
        transport.ServerSends(EngineIoPacket.Message(new byte[] { 9 }));
        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Close));

        var messages = new List<EngineIoMessage>();
        await foreach (var message in client.ReadAllAsync().WithCancellation(new CancellationTokenSource(TestTimeouts.Event).Token))
        {
            messages.Add(message);
        }

        Assert.That(messages, Is.EqualTo(new[] { EngineIoMessage.FromText("a"), EngineIoMessage.FromBinary(new byte[] { 9 }) }));
    }

    [Test]
    public async Task A_reader_that_falls_behind_the_receive_buffer_loses_nothing()
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var options = new EngineIoClientOptions { Version = EngineIoVersion.V4, Transports = ["memory"], TransportFactory = factory, ReceiveBufferCapacity = 2 };
        await using var client = new EngineIoClient(new Uri("http://in-memory.test"), options);
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        for (var i = 0; i < 10; i++)
        {
            transport.ServerSends(EngineIoPacket.Message($"m{i}"));
        }

        for (var i = 0; i < 10; i++)
        {
            var message = await client.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Event);
            Assert.That(message?.Text, Is.EqualTo($"m{i}"));
        }
    }

    [Test]
    public async Task A_full_send_queue_applies_backpressure_but_keeps_call_order()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4, sendBufferCapacity: 2);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        transport.HoldSends = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var sends = Enumerable.Range(0, 6).Select(i => client.SendAsync($"m{i}").AsTask()).ToArray();

        Assert.That(sends.Take(2).All(t => t.IsCompletedSuccessfully), Is.True, "the first two fit in the queue");
        Assert.That(sends.Skip(2).Any(t => t.IsCompleted), Is.False, "the rest wait for room");
        transport.HoldSends.SetResult();
        await Task.WhenAll(sends).WaitAsync(TestTimeouts.Event);
        for (var i = 0; i < 6; i++)
        {
            Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message($"m{i}")));
        }
    }

    [Test]
    public async Task A_binary_buffer_may_be_reused_as_soon_as_send_returns()
    {
        var (client, _, transport) = Create(EngineIoVersion.V4);
        await using var __ = client;
        transport.ServerOpens(V4Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        transport.HoldSends = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var buffer = new byte[] { 1, 2, 3 };

        await client.SendAsync(buffer);
        buffer[0] = 99;
        transport.HoldSends.SetResult();

        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message(new byte[] { 1, 2, 3 })));
    }
}
