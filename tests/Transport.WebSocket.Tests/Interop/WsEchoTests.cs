using System.Text;
using Tusk.Testing;

namespace Tusk.Transport.WebSocket.Tests.Interop;

/// <summary>Interop with the npm <c>ws</c> server (module <c>ws-echo</c>), with permessage-deflate off, on with
/// context takeover, and on without it.</summary>
[TestFixture("off")]
[TestFixture("deflate")]
[TestFixture("deflate-no-context-takeover")]
[Parallelizable(ParallelScope.Fixtures)]
public class WsEchoTests(string compression)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Four times the client's 1 MiB thresholds (FrameWriter's direct-write chunk, BufferPool's largest pooled buffer), so
    // the largest echo leaves in several chunks and arrives in an unpooled buffer. It was 16 MiB: the same paths, and
    // its six echoes (three compression setups, binary and text) cost about 5 CPU-s of the test run on both sides.
    private const int LargeMessage = 4 * 1024 * 1024;

    private bool Deflate => compression != "off";

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(125)]
    [TestCase(126)]
    [TestCase(65_535)]
    [TestCase(65_536)]
    [TestCase(1024 * 1024)]
    [TestCase(LargeMessage)]
    public async Task Echoes_binary(int size)
    {
        await using var client = await ConnectAsync();
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        await client.SendAsync(payload, WebSocketMessageKind.Binary);
        using var echo = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(echo.Kind, Is.EqualTo(WebSocketMessageKind.Binary));
            Assert.That(echo.Data.Span.SequenceEqual(payload), Is.True, "echoed bytes differ");
            Assert.That(client.IsCompressed, Is.EqualTo(Deflate));
        });
        await client.CloseAsync().WaitAsync(Patience);
        Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(125)]
    [TestCase(126)]
    [TestCase(65_536)]
    [TestCase(1024 * 1024)]
    [TestCase(LargeMessage)]
    public async Task Echoes_text(int size)
    {
        await using var client = await ConnectAsync();
        var text = MakeText(size);
        await client.SendTextAsync(text);
        using var echo = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(echo.Kind, Is.EqualTo(WebSocketMessageKind.Text));
            Assert.That(echo.GetText() == text, Is.True, "echoed text differs");
        });
    }

    [Test]
    public async Task Echoes_many_messages_from_concurrent_senders_in_each_senders_order()
    {
        await using var client = await ConnectAsync();
        const int senders = 4;
        const int perSender = 250;
        var sending = Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                await client.SendTextAsync($"{s}:{i}:{new string('z', i % 50)}");
            }
        })));
        var next = new int[senders];
        for (var n = 0; n < senders * perSender; n++)
        {
            using var echo = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            var parts = echo.GetText().Split(':');
            var sender = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(next[sender]++));
        }

        await sending.WaitAsync(Patience);
    }

    [TestCase(2, 1000)]
    [TestCase(7, 100_000)]
    [TestCase(64, 4 * 1024 * 1024)]
    public async Task Receives_a_fragmented_message_whole(int fragments, int size)
    {
        await using var client = await ConnectAsync();
        await client.SendTextAsync($"cmd:fragments:{fragments}:{size}");
        using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Binary));
            Assert.That(message.Data.Length, Is.EqualTo(size));
            Assert.That(IsPattern(message.Data.Span, 0), Is.True);
        });
    }

    [Test]
    public async Task Streams_a_fragmented_message_into_caller_memory()
    {
        await using var client = await ConnectAsync();
        const int size = 3 * 1024 * 1024;
        await client.SendTextAsync($"cmd:fragments:16:{size}");
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            var part = await client.ReceiveAsync(buffer).AsTask().WaitAsync(Patience);
            Assert.That(IsPattern(buffer.AsSpan(0, part.Count), total), Is.True, $"bytes at {total}");
            total += part.Count;
            if (part.EndOfMessage)
            {
                break;
            }
        }

        Assert.That(total, Is.EqualTo(size));
    }

    [Test]
    public async Task Answers_the_servers_ping()
    {
        await using var client = await ConnectAsync();
        await client.SendTextAsync("cmd:ping:are you there");
        using var answer = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.That(answer.GetText(), Is.EqualTo("pong:are you there"));
    }

    [Test]
    public async Task Keep_alive_pings_reach_the_server_and_its_pongs_keep_the_connection()
    {
        await using var client = await ConnectAsync(o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(30);
            // The test is over in about 100 ms when the pongs come. The server is shared with the large echoes of the
            // other fixtures (one Node process for all ws-echo servers), whose event loop a multi-megabyte deflate
            // echo can hold for seconds on a loaded machine: with 5 s the connection was dropped for a late pong once.
            o.KeepAliveTimeout = Patience;
        });
        var pings = 0;
        using var deadline = new CancellationTokenSource(Patience);
        while (pings < 3)
        {
            await client.SendTextAsync("cmd:stats", deadline.Token);
            using var stats = await client.ReceiveAsync(deadline.Token);
            using var json = System.Text.Json.JsonDocument.Parse(stats.GetText()["stats:".Length..]);
            pings = json.RootElement.GetProperty("pings").GetInt32();
            Assert.That(json.RootElement.GetProperty("compressed").GetBoolean(), Is.EqualTo(Deflate));
        }

        Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
    }

    [Test]
    public async Task Reports_a_close_started_by_the_server()
    {
        await using var client = await ConnectAsync();
        await client.SendTextAsync("cmd:close:4000:server says bye");
        using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Close));
            Assert.That(client.CloseCode, Is.EqualTo(4000));
            Assert.That(client.CloseReason, Is.EqualTo("server says bye"));
        });
        await client.CloseAsync().WaitAsync(Patience);
        Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
    }

    [Test]
    public async Task Closes_cleanly_when_the_client_starts_the_close()
    {
        await using var client = await ConnectAsync();
        await client.SendTextAsync("last words");
        await client.CloseAsync(1000, "client done").WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
            Assert.That(client.CloseCode, Is.EqualTo(1000));
        });
    }

    /// <summary>About <paramref name="size"/> UTF-8 bytes of text with two-byte characters mixed in.</summary>
    private static string MakeText(int size) =>
        string.Create(size, 0, static (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = i % 10 == 9 ? 'é' : (char)('a' + (i % 26));
            }
        });

    private static bool IsPattern(ReadOnlySpan<byte> bytes, long offset)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)((offset + i) % 251))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<WebSocketConnection> ConnectAsync(Action<WebSocketClientOptions>? configure = null)
    {
        object serverOptions = compression switch
        {
            "off" => new { perMessageDeflate = false },
            "deflate" => new { perMessageDeflate = (object)new { threshold = 0 } },
            _ => new { perMessageDeflate = (object)new { threshold = 0, serverNoContextTakeover = true, clientNoContextTakeover = true } },
        };
        var server = await TestServers.GetSharedAsync("ws-echo", serverOptions);
        var options = new WebSocketClientOptions { EnableCompression = Deflate, CloseTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return await WebSocketClient.ConnectAsync(server.WebSocketUri, options).WaitAsync(Patience);
    }
}
