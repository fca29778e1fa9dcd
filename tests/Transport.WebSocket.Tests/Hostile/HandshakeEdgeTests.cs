using Microsoft.Extensions.Logging;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>What the upgrade request carries for an internationalized host, which proxies are accepted, and how
/// server text reaches log lines and exception messages.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class HandshakeEdgeTests
{
    [TestCase("ws://bücher.test:8123/chat", "xn--bcher-kva.test:8123")]
    [TestCase("ws://BÜCHER.test/chat", "xn--bcher-kva.test")]
    public async Task The_host_header_carries_the_ascii_form_of_an_internationalized_host(string target, string expectedHost)
    {
        // Through a fake CONNECT proxy, so that the name needs no DNS: the proxy then plays the WebSocket server.
        await using var proxy = new HostileServer();
        var options = new WebSocketClientOptions { Proxy = new Uri($"http://127.0.0.1:{proxy.Port}/"), CloseTimeout = TimeSpan.FromMilliseconds(500) };
        var connecting = WebSocketClient.ConnectAsync(new Uri(target), options);
        await using var peer = await proxy.AcceptAsync();
        var connectRequest = peer.RequestText;
        await peer.SendRawAsync("HTTP/1.1 200 Connection established\r\n\r\n");
        await peer.ReadRequestAsync();
        await peer.SendUpgradeAsync();
        await using var client = await connecting.WaitAsync(Patience);
        var port = new Uri(target).Port;
        Assert.Multiple(() =>
        {
            Assert.That(connectRequest, Does.StartWith($"CONNECT xn--bcher-kva.test:{port} HTTP/1.1\r\n"));
            Assert.That(peer.RequestHeaders["Host"], Is.EqualTo(expectedHost));
            Assert.That(peer.RequestText, Does.Not.Contain("ü"));
            Assert.That(peer.RequestText, Does.Not.Contain("Ü"));
        });
    }

    [TestCase("https://user:secret@127.0.0.1:{0}/", "https")]
    [TestCase("socks5://user:secret@127.0.0.1:{0}", "socks5")]
    public async Task A_proxy_that_is_not_an_http_uri_is_refused_before_anything_is_sent(string proxyFormat, string scheme)
    {
        await using var proxy = new HostileServer();
        var options = new WebSocketClientOptions { Proxy = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, proxyFormat, proxy.Port)) };
        var failure = await HostileAssert.FailsWithAsync<ArgumentException>(WebSocketClient.ConnectAsync(new Uri("ws://backend.test/"), options));
        Assert.Multiple(() =>
        {
            Assert.That(failure.Message, Does.Contain($"'{scheme}'"));
            Assert.That(failure.Message, Does.Not.Contain("secret"));
            Assert.That(failure.Message, Does.Not.Contain("user"));
            Assert.That(proxy.HasPendingConnection, Is.False, "nothing was sent to the proxy");
        });
    }

    [Test]
    public void A_relative_proxy_uri_is_refused() =>
        Assert.That(
            async () => await WebSocketClient.ConnectAsync(new Uri("ws://backend.test/"), new WebSocketClientOptions { Proxy = new Uri("/proxy:3128", UriKind.Relative) }),
            Throws.ArgumentException.With.Message.Contains("relative"));

    [Test]
    public async Task A_reason_phrase_with_a_bare_line_feed_reaches_the_log_and_the_exception_escaped()
    {
        await using var server = new HostileServer();
        var logs = new CapturingLoggerFactory();
        var connecting = WebSocketClient.ConnectAsync(server.Uri, new WebSocketClientOptions { LoggerFactory = logs });
        await using var peer = await server.AcceptAsync();
        await peer.SendRawAsync("HTTP/1.1 403 x\nFAKE LINE\u001b[2J\r\nContent-Length: 0\r\n\r\n");
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        var refused = logs.Lines.Single(l => l.Contains("refused", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(failure.StatusCode, Is.EqualTo(403));
            Assert.That(failure.Message, Does.Contain(@"x\u000aFAKE LINE\u001b[2J"));
            Assert.That(failure.Message.Contains('\n'), Is.False, "a raw LF");
            Assert.That(failure.Message.Contains('\u001b'), Is.False, "a raw ESC");
            Assert.That(refused, Does.Contain(@"x\u000aFAKE LINE\u001b[2J"));
            Assert.That(refused.Contains('\n'), Is.False, "a raw LF");
            Assert.That(refused.Contains('\u001b'), Is.False, "a raw ESC");
        });
    }

    [Test]
    public async Task A_header_value_with_control_characters_reaches_the_exception_escaped()
    {
        await using var server = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(server.Uri);
        await using var peer = await server.AcceptAsync();
        await peer.SendRawAsync("HTTP/1.1 101 Switching Protocols\r\nUpgrade: web\nsocket\u001b[2J\r\nConnection: Upgrade\r\n\r\n");
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        Assert.Multiple(() =>
        {
            Assert.That(failure.Message, Does.Contain(@"web\u000asocket\u001b[2J"));
            Assert.That(failure.Message.Contains('\n'), Is.False, "a raw LF");
            Assert.That(failure.Message.Contains('\u001b'), Is.False, "a raw ESC");
        });
    }

    /// <summary>Keeps every formatted log line.</summary>
    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
