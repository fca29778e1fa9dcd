using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>The opening handshake against a server that answers by hand, correctly or not (RFC 6455 §4.1).</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class HandshakeTests
{
    // These peers never answer the client's closing handshake, so disposal should not wait the default 5 s.
    private static WebSocketClientOptions QuickClose => new() { CloseTimeout = TimeSpan.FromMilliseconds(200) };

    [Test]
    public async Task Sends_a_well_formed_upgrade_request_with_a_fresh_random_key()
    {
        await using var server = new HostileServer();
        var options = new WebSocketClientOptions { SubProtocols = { "chat", "superchat" }, Headers = { new("Origin", "http://example.test") } };
        var (first, peer1) = await server.ConnectAsync(options);
        var (second, peer2) = await server.ConnectAsync();
        await using (first)
        await using (second)
        await using (peer1)
        await using (peer2)
        {
            Assert.Multiple(() =>
            {
                Assert.That(peer1.RequestText, Does.StartWith("GET /chat?room=1 HTTP/1.1\r\n"));
                Assert.That(peer1.RequestHeaders["Host"], Is.EqualTo($"127.0.0.1:{server.Port}"));
                Assert.That(peer1.RequestHeaders["Upgrade"], Is.EqualTo("websocket"));
                Assert.That(peer1.RequestHeaders["Connection"], Is.EqualTo("Upgrade"));
                Assert.That(peer1.RequestHeaders["Sec-WebSocket-Version"], Is.EqualTo("13"));
                Assert.That(peer1.RequestHeaders["Sec-WebSocket-Protocol"], Is.EqualTo("chat, superchat"));
                Assert.That(peer1.RequestHeaders["Origin"], Is.EqualTo("http://example.test"));
                Assert.That(peer1.RequestHeaders.ContainsKey("Sec-WebSocket-Extensions"), Is.False);
                Assert.That(Convert.FromBase64String(peer1.Key), Has.Length.EqualTo(16));
                Assert.That(peer2.Key, Is.Not.EqualTo(peer1.Key));
                Assert.That(first.State, Is.EqualTo(WebSocketConnectionState.Open));
                Assert.That(first.SubProtocol, Is.Null);
            });
        }
    }

    [Test]
    public void Computes_the_rfc6455_accept_value() =>
        Assert.That(Tusk.Transport.WebSocket.Handshake.HandshakeRequest.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="), Is.EqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));

    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", TestName = "a wrong Sec-WebSocket-Accept")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", TestName = "no Sec-WebSocket-Accept")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n", TestName = "no Upgrade header")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n", TestName = "Upgrade is not websocket")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Accept: {accept}\r\n\r\n", TestName = "Connection has no Upgrade token")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", TestName = "an extension the client did not offer")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n", TestName = "a subprotocol the client did not offer")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Accept: {accept}\r\n\r\n", TestName = "two Sec-WebSocket-Accept headers")]
    [TestCase("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nbroken header line\r\n\r\n", TestName = "a malformed header line")]
    [TestCase("SSH-2.0-OpenSSH_9.2\r\n\r\n", TestName = "not HTTP at all")]
    public async Task A_tampered_101_answer_is_refused(string response)
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri);
        await using var peer = await server.AcceptAsync();
        await peer.SendRawAsync(response.Replace("{accept}", Accept(peer.Key), StringComparison.Ordinal));
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        Assert.That(failure.Message, Is.Not.Empty);
        Assert.That(await peer.ClientClosesTcpAsync(), Is.True);
    }

    [TestCase("permessage-deflate; client_max_window_bits=10", TestName = "deflate answer with client_max_window_bits not offered")]
    [TestCase("permessage-deflate; mystery=1", TestName = "deflate answer with an unknown parameter")]
    [TestCase("permessage-deflate; server_no_context_takeover; server_no_context_takeover", TestName = "deflate answer with a repeated parameter")]
    [TestCase("permessage-deflate; server_max_window_bits=16", TestName = "deflate answer with an invalid window")]
    [TestCase("x-webkit-deflate-frame", TestName = "an extension other than the one offered")]
    public async Task A_deflate_answer_the_client_cannot_accept_is_refused(string extensions)
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri, new WebSocketClientOptions { EnableCompression = true });
        await using var peer = await server.AcceptAsync();
        Assert.That(peer.RequestHeaders["Sec-WebSocket-Extensions"], Is.EqualTo("permessage-deflate"));
        await peer.SendUpgradeAsync($"Sec-WebSocket-Extensions: {extensions}\r\n");
        await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
    }

    [Test]
    public async Task Accepts_Connection_with_several_tokens_and_an_offered_subprotocol()
    {
        await using var server = new HostileServer();
        var options = QuickClose;
        options.SubProtocols.Add("chat");
        var connecting = WebSocketClient.ConnectAsync(server.Uri, options);
        await using var peer = await server.AcceptAsync();
        await peer.SendRawAsync($"HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nconnection: keep-alive, Upgrade\r\nsec-websocket-accept: {Accept(peer.Key)}\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
        await using var client = await connecting.WaitAsync(Patience);
        Assert.That(client.SubProtocol, Is.EqualTo("chat"));
    }

    [Test]
    public async Task A_refusal_reports_the_status_code_and_body()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri);
        await using var peer = await server.AcceptAsync();
        await peer.SendRawAsync("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nGo away, bot.");
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        Assert.Multiple(() =>
        {
            Assert.That(failure.StatusCode, Is.EqualTo(403));
            Assert.That(failure.ResponseBody, Is.EqualTo("Go away, bot."));
            Assert.That(failure.Message, Does.Contain("403"));
        });
    }

    [Test]
    public async Task Frame_bytes_that_arrive_with_the_101_are_not_lost()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri, QuickClose);
        await using var peer = await server.AcceptAsync();
        await peer.SendUpgradeAsync(trailing: Text("early bird"));
        await using var client = await connecting.WaitAsync(Patience);
        using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.That(message.GetText(), Is.EqualTo("early bird"));
    }

    [TestCase("X-Evil", "a\r\nInjected: yes")]
    [TestCase("X-Evil\r\nInjected", "yes")]
    [TestCase("Bad Name", "value")]
    [TestCase("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")]
    [TestCase("X-Evil", "s3cr3t\u0001b")]
    [TestCase("X-Evil", "s3cr3t\u007f")]
    [TestCase("X-Evil", "s3cr3t\0")]
    [TestCase("Content-Type", "text/plain")]
    [TestCase("Transfer-Encoding", "chunked")]
    public async Task An_unsafe_custom_header_is_refused_before_anything_is_sent(string name, string value)
    {
        await using var server = new HostileServer();
        var options = new WebSocketClientOptions { Headers = { new(name, value) } };
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await WebSocketClient.ConnectAsync(server.Uri, options));
        Assert.That(error!.Message, Does.Contain("WebSocketClientOptions.Headers"));
        Assert.That(error.Message, Does.Not.Contain("s3cr3t"));
        Assert.That(server.HasPendingConnection, Is.False);
    }

    [Test]
    public async Task A_cookie_with_a_control_character_in_the_jar_is_refused_before_anything_is_sent()
    {
        await using var server = new HostileServer();
        var jar = new CookieContainer();
        jar.SetCookies(new Uri($"http://127.0.0.1:{server.Port}/"), "session=s3cr3t\u0001x");
        var options = new WebSocketClientOptions { Cookies = jar };
        var error = Assert.ThrowsAsync<ArgumentException>(async () => await WebSocketClient.ConnectAsync(server.Uri, options));
        Assert.That(error!.Message, Does.Contain("WebSocketClientOptions.Cookies").And.Not.Contain("s3cr3t"));
        Assert.That(server.HasPendingConnection, Is.False);
    }

    [Test]
    public async Task Cookies_are_sent_and_Set_Cookie_answers_are_stored()
    {
        await using var server = new HostileServer();
        var jar = new CookieContainer();
        jar.Add(new Uri($"http://127.0.0.1:{server.Port}/"), new Cookie("session", "abc"));
        var options = QuickClose;
        options.Cookies = jar;
        var connecting = WebSocketClient.ConnectAsync(server.Uri, options);
        await using var peer = await server.AcceptAsync();
        await peer.SendUpgradeAsync("Set-Cookie: io=sticky-42; Path=/\r\n");
        await using var client = await connecting.WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(peer.RequestHeaders["Cookie"], Is.EqualTo("session=abc"));
            Assert.That(jar.GetCookies(new Uri($"http://127.0.0.1:{server.Port}/"))["io"]?.Value, Is.EqualTo("sticky-42"));
        });
    }

    [Test]
    public async Task A_server_that_never_answers_times_out()
    {
        await using var server = new HostileServer();
        var time = new FakeTimeProvider();
        var connecting = WebSocketClient.ConnectAsync(server.Uri, new WebSocketClientOptions { ConnectTimeout = TimeSpan.FromSeconds(10), TimeProvider = time });
        await using var peer = await server.AcceptAsync();
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.That(connecting.IsCompleted, Is.False, "still within the connect timeout");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var failure = await HostileAssert.FailsWithAsync<TimeoutException>(connecting);
        Assert.That(failure.Message, Does.Contain(server.Uri.Authority));
    }

    [Test]
    public async Task A_server_that_hangs_up_mid_answer_fails_the_handshake()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri);
        var peer = await server.AcceptAsync();
        await peer.SendRawAsync("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n");
        await peer.DisposeAsync();
        await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
    }

    [Test]
    public async Task An_endless_response_head_is_cut_off()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri);
        await using var peer = await server.AcceptAsync();
        var head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        while (head.Length < 20_000)
        {
            head.Append("X-Padding: ").Append('x', 100).Append("\r\n");
        }

        await peer.SendRawAsync(head.ToString());
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        Assert.That(failure.Message, Does.Contain("exceeds"));
    }

    [TestCase("ftp://127.0.0.1/")]
    [TestCase("/relative")]
    public void An_unsupported_uri_is_refused(string uri) =>
        Assert.That(async () => await WebSocketClient.ConnectAsync(new Uri(uri, UriKind.RelativeOrAbsolute)), Throws.ArgumentException);

    [Test]
    public async Task An_http_uri_is_mapped_to_ws()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(new Uri($"http://127.0.0.1:{server.Port}/x"), QuickClose);
        await using var peer = await server.AcceptAsync();
        await peer.SendUpgradeAsync();
        await using var client = await connecting.WaitAsync(Patience);
        Assert.That(peer.RequestText, Does.StartWith("GET /x HTTP/1.1"));
    }

    [Test]
    public async Task A_connection_reset_during_the_upgrade_is_a_handshake_failure_with_the_io_error_inside()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri);
        using var tcp = await server.AcceptTcpAsync();
        var request = new byte[4096];
        var read = 0;
        while (!Encoding.Latin1.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await tcp.GetStream().ReadAsync(request.AsMemory(read)).AsTask().WaitAsync(Patience);
        }

        // An RST instead of an answer: the client's read fails with an I/O error, not an end of stream.
        tcp.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        tcp.Client.Close();
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.InstanceOf<WebSocketTransportException>());
            Assert.That(failure.InnerException, Is.InstanceOf<IOException>());
            Assert.That(failure.StatusCode, Is.Null);
            Assert.That(failure.Message, Does.Contain("broke before the WebSocket handshake completed").And.Contain($"127.0.0.1:{server.Port}"));
        });
    }
}
