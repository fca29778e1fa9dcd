namespace Tusk.EngineIO.Tests.Session;

/// <summary>Where messages change threads: an idle session sends on the caller's thread, a burst goes through the send
/// loop, and <see cref="EngineIoClientOptions.InlineReceiveContinuations"/> resumes readers on the receive loop.</summary>
public sealed class HandOffTests
{
    private const string Handshake = """{"sid":"hand1","upgrades":[],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}""";

    private static (EngineIoClient Client, InMemoryTransport Transport) Create(bool inlineReceive = false)
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var options = new EngineIoClientOptions
        {
            Version = EngineIoVersion.V4,
            Transports = ["memory"],
            TransportFactory = factory,
            InlineReceiveContinuations = inlineReceive,
        };
        return (new EngineIoClient(new Uri("http://in-memory.test"), options), transport);
    }

    private static async Task<(EngineIoClient Client, InMemoryTransport Transport)> ConnectAsync(bool inlineReceive = false)
    {
        var (client, transport) = Create(inlineReceive);
        transport.ServerOpens(Handshake);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        return (client, transport);
    }

    [Test]
    public async Task An_idle_session_hands_a_message_to_the_transport_before_SendAsync_returns()
    {
        var (client, transport) = await ConnectAsync();
        await using var _ = client;

        var send = client.SendAsync("first");

        Assert.That(send.IsCompletedSuccessfully, Is.True);
        Assert.That(transport.ToServer.Reader.TryRead(out var packet), Is.True, "no hand-off to the send loop");
        Assert.That(packet, Is.EqualTo(EngineIoPacket.Message("first")));
    }

    [Test]
    public async Task A_reply_to_a_received_message_is_sent_on_the_callers_thread()
    {
        var (client, transport) = await ConnectAsync();
        await using var _ = client;
        await client.SendAsync("first");
        Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message("first")));

        transport.ServerSends(EngineIoPacket.Message("question"));
        Assert.That(await client.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Event), Is.EqualTo(EngineIoMessage.FromText("question")));
        var send = client.SendAsync("answer");

        Assert.That(send.IsCompletedSuccessfully, Is.True);
        Assert.That(transport.ToServer.Reader.TryRead(out var packet), Is.True);
        Assert.That(packet, Is.EqualTo(EngineIoPacket.Message("answer")));
    }

    [Test]
    public async Task Messages_sent_while_an_inline_send_is_stuck_follow_it_in_order()
    {
        var (client, transport) = await ConnectAsync();
        await using var _ = client;
        transport.HoldSends = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first goes inline and stays inside the transport; the others queue behind it, some as a burst.
        var sends = Enumerable.Range(0, 50).Select(i => client.SendAsync($"m{i}").AsTask()).ToArray();
        Assert.That(transport.ToServer.Reader.TryRead(out var _), Is.False, "the transport holds the first send");
        transport.HoldSends.SetResult();
        await Task.WhenAll(sends).WaitAsync(TestTimeouts.Event);

        for (var i = 0; i < 50; i++)
        {
            Assert.That(await transport.ServerReceivesAsync(), Is.EqualTo(EngineIoPacket.Message($"m{i}")));
        }
    }

    [Test]
    public async Task Concurrent_senders_each_keep_their_own_order()
    {
        var (client, transport) = await ConnectAsync();
        await using var _ = client;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await client.SendAsync($"{sender}:{i}");
            }
        }))).WaitAsync(TestTimeouts.Event);

        var next = new int[4];
        for (var n = 0; n < 800; n++)
        {
            var text = (await transport.ServerReceivesAsync()).Text!;
            var sender = text[0] - '0';
            Assert.That(text, Is.EqualTo($"{sender}:{next[sender]}"));
            next[sender]++;
        }
    }

    [Test]
    public async Task With_InlineReceiveContinuations_a_waiting_reader_resumes_on_the_receive_loop()
    {
        var (client, transport) = await ConnectAsync(inlineReceive: true);
        await using var _ = client;
        var loopThread = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PacketReceived += (_, e) =>
        {
            if (e.Packet.Type == EngineIoPacketType.Message)
            {
                loopThread.TrySetResult(Environment.CurrentManagedThreadId);
            }
        };

        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        async Task<(EngineIoMessage? Message, int Thread)> ReadOneAsync()
        {
            var received = await client.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            return (received, Environment.CurrentManagedThreadId);
        }

        // The reader is suspended, its continuation registered, before the message exists.
        var reading = ReadOneAsync();
        Assert.That(reading.IsCompleted, Is.False);
        transport.ServerSends(EngineIoPacket.Message("hello"));
        var (message, readerThread) = await reading.WaitAsync(TestTimeouts.Event);

        Assert.That(message, Is.EqualTo(EngineIoMessage.FromText("hello")));
        Assert.That(readerThread, Is.EqualTo(await loopThread.Task.WaitAsync(TestTimeouts.Event)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_end_of_messages_is_seen_only_once_the_session_has_closed(bool inlineReceive)
    {
        var (client, transport) = await ConnectAsync(inlineReceive);
        await using var _ = client;
        var receive = client.ReceiveAsync();

        transport.ServerSends(new EngineIoPacket(EngineIoPacketType.Close));
        var end = await receive.AsTask().WaitAsync(TestTimeouts.Event);

        Assert.That(end, Is.Null);
        Assert.That(client.Completion.IsCompleted, Is.True);
        Assert.That(client.CloseReason, Is.EqualTo(EngineIoCloseReason.ServerClose));
    }
}
