using System.Text.Json;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// Hostile answers of the <c>engineio-hostile-answers</c> server (floods, redirects, out-of-range handshakes, oversized
/// or invalid text): the session stays bounded and fails with a clear, bounded error.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HostileAnswerTests
{
    private static async Task<EngineIoClient> CreateClientAsync(Dictionary<string, string> query, Action<EngineIoClientOptions>? configure = null)
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile-answers");
        var options = new EngineIoClientOptions { Transports = ["polling"], Upgrade = false, ConnectTimeout = TimeSpan.FromSeconds(5) };
        options.Query["run"] = Guid.NewGuid().ToString("N");
        foreach (var pair in query)
        {
            options.Query[pair.Key] = pair.Value;
        }

        configure?.Invoke(options);
        return new EngineIoClient(server.HttpUri, options);
    }

    [Test]
    public async Task A_flood_of_pings_queues_at_most_one_bare_pong_at_a_time()
    {
        // 10,000 pings in one poll: each used to queue a pong of its own (512 in the first POST, none counted against
        // SendBufferCapacity); the server counts what the POSTs before "done" carried.
        const int pings = 10_000;
        await using var client = await CreateClientAsync(new() { ["flood"] = pings.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var flooded = client.WhenHeartbeats(pings);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        await flooded.WaitAsync(TestTimeouts.Event);

        await client.SendAsync("done");
        using var report = JsonDocument.Parse(await client.ReceiveTextAsync());

        var root = report.RootElement;
        Assert.That(root.GetProperty("maxPongsPerPost").GetInt32(), Is.EqualTo(1), "one pong pending at most: a POST carries one");
        Assert.That(root.GetProperty("pongs").GetInt32(), Is.InRange(1, root.GetProperty("posts").GetInt32()));
        Assert.That(root.GetProperty("pongsWithData").GetInt32(), Is.Zero, "revision 4 pongs are bare, as engine.io-client sends them");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task A_redirected_handshake_fails_with_the_redirect_status_instead_of_following_it()
    {
        await using var client = await CreateClientAsync(new() { ["get"] = "redirect" });

        var error = Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.StatusCode, Is.EqualTo(302));
        Assert.That(error.Message, Does.Contain("redirect"));
    }

    [Test]
    public async Task A_redirected_post_ends_the_session_instead_of_losing_its_messages()
    {
        // Followed, the 302 turned the POST into a body-less GET of /moved, whose 200 passed for the delivered message.
        await using var client = await CreateClientAsync(new() { ["post"] = "redirect" });
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        await client.SendAsync("lost?");
        var args = await closed.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        Assert.That((args.Exception as EngineIoException)?.StatusCode, Is.EqualTo(302));
    }

    [TestCase(2147483647, 2147483647)]
    [TestCase(300001, 1000)]
    [TestCase(1000, 360000)]
    public async Task A_handshake_asking_for_a_heartbeat_over_five_minutes_is_refused(long interval, long timeout)
    {
        var handshake = $"0{{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":{interval},\"pingTimeout\":{timeout}}}";
        await using var client = await CreateClientAsync(new() { ["h"] = handshake });

        var error = Assert.ThrowsAsync<EngineIoParseException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.Message, Does.Contain("at most 300000 ms").And.Contain($"pingInterval {interval} ms"));
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task A_handshake_of_five_minutes_each_is_accepted()
    {
        await using var client = await CreateClientAsync(new() { ["h"] = "0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":300000,\"pingTimeout\":300000}" });

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That((client.Handshake!.PingInterval, client.Handshake.PingTimeout), Is.EqualTo((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5))));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public async Task A_max_payload_of_zero_or_less_is_no_limit(long maxPayload)
    {
        // engine.io-client reads 0 as no limit; as a limit it refused every message.
        await using var client = await CreateClientAsync(new() { ["h"] = $"0{{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":5000,\"pingTimeout\":5000,\"maxPayload\":{maxPayload}}}" });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.Handshake!.MaxPayload, Is.Null);
        Assert.DoesNotThrow(() => client.EnsureFitsMaxPayload("hello"));
        await client.SendAsync("done");
        using var report = JsonDocument.Parse(await client.ReceiveTextAsync());
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task A_server_error_message_is_quoted_short_and_escaped_and_kept_whole_in_the_property()
    {
        var serverMessage = new string('m', 5000) + "\r\nforged log line \u001b[31m";
        var body = JsonSerializer.Serialize(new { code = 3, message = serverMessage });
        await using var client = await CreateClientAsync(new() { ["status"] = "400", ["body"] = body });

        var error = Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.ServerMessage, Is.EqualTo(serverMessage));
        Assert.That(error.Message.Length, Is.LessThan(600));
        Assert.That(error.Message, Does.Contain(new string('m', 200) + "…").And.Not.Contain(new string('m', 201)));
        Assert.That(error.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public async Task A_first_packet_that_is_not_the_open_packet_is_quoted_short_and_escaped()
    {
        await using var client = await CreateClientAsync(new() { ["h"] = "4\u001b]0;pwned\u0007" + new string('y', 5000) });

        var error = Assert.ThrowsAsync<EngineIoParseException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.Message, Does.Contain("not the open packet").And.Contain("\\u001b]0;pwned\\u0007"));
        Assert.That(error.Message.Length, Is.LessThan(400));
        Assert.That(error.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public async Task A_handshake_that_does_not_parse_is_quoted_short_and_escaped()
    {
        await using var client = await CreateClientAsync(new() { ["h"] = "0{oops\u001b[2J" + new string('q', 5000) });

        var error = Assert.ThrowsAsync<EngineIoParseException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.Message, Does.Contain("not valid JSON").And.Contain("\\u001b[2J"));
        Assert.That(error.Message.Length, Is.LessThan(400));
        Assert.That(error.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public async Task An_upgrade_probe_answer_is_quoted_short_and_escaped()
    {
        await using var client = await CreateClientAsync(
            new() { ["probe"] = "3\r\n" + new string('z', 2000) },
            options => { options.Transports = ["polling", "websocket"]; options.Upgrade = true; });
        var settled = client.WhenUpgradeSettled();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var args = await settled.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Exception, Is.Not.Null);
        Assert.That(args.Exception!.Message, Does.Contain("upgrade probe failed").And.Contain("\\u000d\\u000a"));
        Assert.That(args.Exception.Message.Length, Is.LessThan(400));
        Assert.That(args.Exception.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public async Task Invalid_utf8_in_a_polling_text_message_ends_the_session_with_a_parse_error()
    {
        // "4" then C3 28: a lead byte without its continuation. A WebSocket text frame like it fails the connection too.
        await using var client = await CreateClientAsync(new() { ["pollhex"] = "34c328" });
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var args = await closed.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        Assert.That(args.Exception, Is.InstanceOf<EngineIoParseException>());
        Assert.That(args.Exception!.Message, Does.Contain("not valid UTF-8"));
        Assert.That(await client.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Event), Is.Null, "nothing of it was delivered");
    }

    [Test]
    public async Task A_text_message_holding_the_record_separator_is_refused_on_revision_4_polling()
    {
        await using var client = await CreateClientAsync(new());
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var error = Assert.Throws<ArgumentException>(() => client.SendAsync("x\u001e42[\"pwn\"]"));
        Assert.Throws<ArgumentException>(() => client.SendUtf8TextAsync("x\u001e4"u8.ToArray(), compress: true));
        Assert.Throws<ArgumentException>(() => client.SendAsync(EngineIoMessage.FromText("\u001e"), compress: true));

        Assert.That(error!.Message, Does.Contain("record separator"));
        await client.SendAsync("done");
        using var report = JsonDocument.Parse(await client.ReceiveTextAsync());
        Assert.That(report.RootElement.GetProperty("others").GetInt32(), Is.Zero, "nothing but the final message reached the server");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task The_receive_loop_waits_for_the_reader_once_the_waiting_messages_hold_receive_buffer_max_bytes()
    {
        // 20 messages of 100,000 bytes and a ping, in one poll, with room for 10 (1,000,000 bytes): the ping is handled
        // only once the reader has taken at least 10 of them. Before, only the count (1,024) bounded the queue.
        await using var client = await CreateClientAsync(new() { ["bulk"] = "20:100000" }, options => options.ReceiveBufferMaxBytes = 1_000_000);
        var read = 0;
        var readAtPing = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = 0;
        var tenReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PacketReceived += (_, e) =>
        {
            if (e.Packet.Type == EngineIoPacketType.Message && Interlocked.Increment(ref received) == 10)
            {
                tenReceived.TrySetResult();
            }
        };
        client.PingReceived += (_, _) => readAtPing.TrySetResult(Volatile.Read(ref read));
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        await tenReceived.Task.WaitAsync(TestTimeouts.Event);

        for (var i = 0; i < 20; i++)
        {
            Assert.That((await client.ReceiveMessageAsync()).TryGetUtf8Text(out var utf8) ? utf8.Length : -1, Is.EqualTo(100_000));
            Interlocked.Increment(ref read);
        }

        Assert.That(await readAtPing.Task.WaitAsync(TestTimeouts.Event), Is.GreaterThanOrEqualTo(10));
        Assert.That(client.IsConnected, Is.True);
    }
}
