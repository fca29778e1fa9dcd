using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Security;

/// <summary>
/// Memory stays proportional to what the application keeps, and sizes the server cannot take fail at once: the pull
/// buffer keeps only events no handler took and is bounded in bytes; the incoming size limit is a client option for
/// every protocol and transport; a packet over the server's maxPayload is refused before it is sent, the connection
/// stays open; a binary packet whose attachments never come ends as a parse error.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class LimitsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task Events_a_handler_took_are_not_kept_in_the_pull_buffer(string transport)
    {
        await using var client = await ConnectAsync("sio-v4", null, transport, o => { });
        var handled = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("echo", _ =>
        {
            if (Interlocked.Increment(ref handled) == 3)
            {
                all.TrySetResult();
            }
        });

        for (var i = 0; i < 3; i++)
        {
            await client.EmitAsync("echo", new string('x', 10_000)).WaitAsync(Timeout);
        }

        await all.Task.WaitAsync(Timeout);
        Assert.That(await client.DrainAsync(TimeSpan.Zero), Is.Empty, "handled events are not kept for pulling");
    }

    [Test]
    public async Task Events_no_handler_took_are_kept_for_pulling_within_the_byte_bound()
    {
        await using var client = await ConnectAsync("sio-v4", null, "websocket", o => o.ReceiveBufferMaxBytes = 25_000);
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await client.EmitWithAckAsync<string>("ack-echo", "ack").WaitAsync(Timeout), Is.EqualTo("ack"));
            await client.EmitAsync("echo", i + new string('x', 10_000)).WaitAsync(Timeout);
        }

        // The last echo is in once the ack of a later emit came back (the server answers in order).
        await client.EmitWithAckAsync("ack-echo", "flush").WaitAsync(Timeout);
        var kept = await client.DrainAsync(TimeSpan.Zero);

        Assert.That(kept.Select(e => e.GetValue<string>()[0]), Is.EqualTo(new[] { '1', '2' }), "the oldest event made room");
    }

    [Test]
    public async Task A_stream_that_is_not_read_keeps_events_within_the_byte_bound()
    {
        await using var client = await ConnectAsync("sio-v4", null, "websocket", o => o.ReceiveBufferMaxBytes = 25_000);
        await using var stream = client.ReadEventsAsync().GetAsyncEnumerator();
        for (var i = 0; i < 3; i++)
        {
            await client.EmitAsync("echo", i + new string('x', 10_000)).WaitAsync(Timeout);
        }

        // The last echo is in once the ack of a later emit came back (the server answers in order).
        await client.EmitWithAckAsync("ack-echo", "flush").WaitAsync(Timeout);
        var read = new List<char>();
        for (var i = 0; i < 2; i++)
        {
            Assert.That(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout), Is.True);
            read.Add(stream.Current.GetValue<string>()[0]);
        }

        Assert.That(read, Is.EqualTo(new[] { '1', '2' }), "the oldest unread event made room");
        await client.EmitAsync("echo", "next").WaitAsync(Timeout);
        Assert.That(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout), Is.True);
        Assert.That(stream.Current.GetValue<string>(), Is.EqualTo("next"), "nothing else was left behind");
    }

    [Test]
    public async Task Emits_beyond_the_offline_buffer_fail_at_once()
    {
        await using var client = new SocketIoClient(new Uri("http://127.0.0.1:9/"), new SocketIoClientOptions { SendBufferCapacity = 2, Reconnection = false });

        await client.EmitAsync("one").WaitAsync(Timeout);
        await client.EmitAsync("two").WaitAsync(Timeout);
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => client.EmitAsync("three").WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("is full (2 emits waiting for a connection)"));
    }

    [Test]
    public async Task A_pending_wait_gets_an_event_even_when_a_handler_takes_it()
    {
        await using var client = await ConnectAsync("sio-v4", null, "websocket", o => { });
        client.On("echo", _ => { });
        var waiting = client.WaitAsync("echo", Timeout);

        await client.EmitAsync("echo", "both").WaitAsync(Timeout);

        Assert.That((await waiting.WaitAsync(Timeout))?.GetValue<string>(), Is.EqualTo("both"));
    }

    [TestCase("sio-v4", SocketIoProtocol.Auto, "polling")]
    [TestCase("sio-v4", SocketIoProtocol.Auto, "websocket")]
    [TestCase("sio-v0", SocketIoProtocol.V0_9, "polling")]
    [TestCase("sio-v0", SocketIoProtocol.V0_9, "websocket")]
    public async Task The_incoming_size_limit_is_a_client_option(string module, SocketIoProtocol protocol, string transport)
    {
        await using var client = await ConnectAsync(module, protocol, transport, o => o.MaxReceiveSize = 10_000);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        var small = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On("echo", e => small.TrySetResult(e.GetValue<string>()));

        await client.EmitAsync("echo", new string('s', 5_000)).WaitAsync(Timeout);
        Assert.That(await small.Task.WaitAsync(Timeout), Has.Length.EqualTo(5_000), "below the limit: delivered");
        await client.EmitAsync("echo", new string('b', 20_000)).WaitAsync(Timeout);

        var args = await disconnected.Task.WaitAsync(Timeout);
        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.TransportError));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_packet_over_the_servers_maxPayload_fails_at_once_and_the_connection_stays(string transport)
    {
        await using var client = await ConnectAsync("sio-v4", null, transport, o => { }, new { maxHttpBufferSize = 10_000 });

        var text = Assert.ThrowsAsync<SocketIoPayloadTooLargeException>(() => client.EmitAsync("echo", new string('x', 20_000)));
        var binary = Assert.ThrowsAsync<SocketIoPayloadTooLargeException>(() => client.EmitWithAckAsync("ack-echo", new byte[12_000]));

        Assert.That(text!.MaxPayload, Is.EqualTo(10_000));
        Assert.That(text.Size, Is.GreaterThan(20_000));
        Assert.That(text.Message, Does.Contain("maxHttpBufferSize"));
        if (transport == "polling")
        {
            Assert.That(binary!.Size, Is.EqualTo(1 + 16_000), "over polling a binary attachment travels as b + base64");
        }

        Assert.That(await client.EmitWithAckAsync<string>("ack-echo", "still connected").WaitAsync(Timeout), Is.EqualTo("still connected"));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task A_binary_packet_whose_attachments_never_come_ends_as_a_parse_error()
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        var options = new SocketIoClientOptions { Transports = ["polling"], Upgrade = false, Reconnection = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
        options.Query["hostile"] = "open,binary-header-then-close";
        await using var client = new SocketIoClient(server.HttpUri, options);
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        await client.ConnectAsync().WaitAsync(Timeout);
        var args = await disconnected.Task.WaitAsync(Timeout);

        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.ParseError));
        Assert.That(args.Exception, Is.InstanceOf<SocketIoProtocolException>());
        Assert.That(args.Exception!.Message, Does.Contain("1 attachment"));
    }

    [Test]
    public async Task An_attachment_referred_to_by_many_placeholders_ends_as_a_parse_error()
    {
        // 1,500 placeholders for one 10 KB attachment would be 20 MB of base64 once substituted (with 1 MB, 2 GB), all
        // within a receive limit that counts the 10 KB: refused before anything is copied more than once.
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        var options = new SocketIoClientOptions { Transports = ["polling"], Upgrade = false, Reconnection = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
        options.Query["hostile"] = "open,binary-repeated-placeholder";
        await using var client = new SocketIoClient(server.HttpUri, options);
        var delivered = 0;
        client.On("e", _ => Interlocked.Increment(ref delivered));
        var disconnected = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        await client.ConnectAsync().WaitAsync(Timeout);
        var args = await disconnected.Task.WaitAsync(Timeout);

        Assert.That(args.Reason, Is.EqualTo(SocketIoDisconnectReason.ParseError));
        Assert.That(args.Exception, Is.InstanceOf<SocketIoProtocolException>());
        Assert.That(args.Exception!.Message, Does.Contain("more than one placeholder"));
        Assert.That(Volatile.Read(ref delivered), Is.Zero, "the event was not delivered");
    }

    private static async Task<SocketIoClient> ConnectAsync(string module, SocketIoProtocol? protocol, string transport, Action<SocketIoClientOptions> configure, object? serverOptions = null)
    {
        var server = await TestServers.GetSharedAsync(module, serverOptions);
        var options = new SocketIoClientOptions
        {
            Protocol = protocol ?? SocketIoProtocol.Auto,
            Transports = [transport],
            Upgrade = false,
            Reconnection = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        configure(options);
        var client = new SocketIoClient(server.HttpUri, options);
        await client.ConnectAsync().WaitAsync(Timeout);
        return client;
    }
}
