using System.Net;
using Tusk.Testing;

namespace Tusk.Transport.Polling.Tests;

/// <summary>
/// Nothing a caller puts in a header option reaches the wire unchecked: a bad name or value fails before any byte is
/// sent (a recording relay in front of a real engine.io server proves it), with a message that names the option and
/// the header but never the value.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HeaderValidationTests
{
    private const string Secret = "s3cr3t-value";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static IEnumerable<TestCaseData> BadOptions()
    {
        yield return Case("Headers value CRLF", o => o.Headers.Add(new("X-Evil", Secret + "\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1")), "PollingClientOptions.Headers", "X-Evil");
        yield return Case("Headers value LF", o => o.Headers.Add(new("X-Evil", Secret + "\nInjected: yes")), "PollingClientOptions.Headers", "X-Evil");
        yield return Case("Headers value NUL", o => o.Headers.Add(new("X-Evil", Secret + "\0")), "PollingClientOptions.Headers", "X-Evil");
        yield return Case("Headers value DEL", o => o.Headers.Add(new("X-Evil", Secret + "\u007f")), "PollingClientOptions.Headers", "X-Evil");
        yield return Case("Headers value control", o => o.Headers.Add(new("X-Evil", Secret + "\u0001")), "PollingClientOptions.Headers", "X-Evil");
        yield return Case("Headers name CRLF", o => o.Headers.Add(new("X-Evil\r\nInjected", Secret)), "PollingClientOptions.Headers", "X-Evil\\u000d\\u000aInjected");
        yield return Case("Headers name space", o => o.Headers.Add(new("Bad Name", Secret)), "PollingClientOptions.Headers", "Bad Name");
        yield return Case("Headers name colon", o => o.Headers.Add(new("X:Y", Secret)), "PollingClientOptions.Headers", "X:Y");
        yield return Case("Headers reserved Host", o => o.Headers.Add(new("Host", Secret)), "PollingClientOptions.Headers", "Host");
        yield return Case("Headers reserved Transfer-Encoding", o => o.Headers.Add(new("Transfer-Encoding", "chunked")), "PollingClientOptions.Headers", "Transfer-Encoding");
        yield return Case("Headers content header", o => o.Headers.Add(new("Content-Language", Secret)), "PollingClientOptions.Headers", "Content-Language");
        yield return Case("UserAgent", o => o.UserAgent = Secret + "\r\nX-Injected: 1", "PollingClientOptions.UserAgent", "User-Agent");
        yield return Case("Origin", o => o.Origin = "http://a.test/" + Secret + "\r\nX-Injected: 1", "PollingClientOptions.Origin", "Origin");
        yield return Case("Referer", o => o.Referer = "http://a.test/" + Secret + "\n", "PollingClientOptions.Referer", "Referer");
    }

    [TestCaseSource(nameof(BadOptions))]
    public async Task A_bad_header_option_fails_before_anything_is_sent(Action<PollingClientOptions> configure, string option, string header)
    {
        var server = await ServerAsync();
        await using var relay = new RecordingRelay(server.Port);
        var options = new PollingClientOptions();
        configure(options);

        var error = Assert.Throws<ArgumentException>(() => new PollingChannel(options));

        Assert.That(error!.Message, Does.Contain(option).And.Contain(header));
        Assert.That(error.Message, Does.Not.Contain(Secret));
        Assert.That(relay.Connections, Is.Zero);
    }

    [TestCaseSource(nameof(BadOptions))]
    public async Task A_header_option_spoilt_after_the_channel_was_created_fails_before_the_request_is_sent(
        Action<PollingClientOptions> configure, string option, string header)
    {
        var server = await ServerAsync();
        await using var relay = new RecordingRelay(server.Port);
        var options = new PollingClientOptions();
        using var channel = new PollingChannel(options);
        configure(options);

        var error = Assert.ThrowsAsync<ArgumentException>(() => channel.GetAsync(Handshake(relay)).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain(option).And.Contain(header).And.Not.Contain(Secret));
        Assert.That(relay.Connections, Is.Zero);
        Assert.That(relay.Received, Is.Empty);
    }

    [Test]
    public async Task A_cookie_with_a_control_character_in_the_jar_fails_before_the_request_is_sent()
    {
        var server = await ServerAsync();
        await using var relay = new RecordingRelay(server.Port);
        var jar = new CookieContainer();
        jar.SetCookies(relay.HttpUri, "session=" + Secret + "\u0001x");
        using var channel = new PollingChannel(new PollingClientOptions { Cookies = jar });

        var error = Assert.ThrowsAsync<ArgumentException>(() => channel.GetAsync(Handshake(relay)).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("PollingClientOptions.Cookies").And.Contain("Cookie").And.Not.Contain(Secret));
        Assert.That(relay.Received, Is.Empty);
    }

    [Test]
    public async Task Valid_headers_reach_the_wire_through_the_relay()
    {
        var server = await ServerAsync();
        await using var relay = new RecordingRelay(server.Port);
        var options = new PollingClientOptions { UserAgent = "Tusk/1\t(test)", Origin = "http://origin.test", Referer = "http://origin.test/page" };
        options.Headers.Add(new("X-Token", "abc def"));
        using var channel = new PollingChannel(options);

        var response = await channel.GetAsync(Handshake(relay)).WaitAsync(Timeout);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        var sent = relay.ReceivedText;
        Assert.That(sent, Does.Contain("\r\nX-Token: abc def\r\n"));
        Assert.That(sent, Does.Contain("\r\nUser-Agent: Tusk/1\t(test)\r\n"));
        Assert.That(sent, Does.Contain("\r\nOrigin: http://origin.test\r\n"));
        Assert.That(sent, Does.Contain("\r\nReferer: http://origin.test/page\r\n"));
    }

    [Test]
    public async Task A_server_cookie_with_a_control_character_is_not_stored()
    {
        var jar = new CookieContainer();
        using var handler = new SetCookieHandler("bad=a\u0001b", "good=1");
        using var channel = new PollingChannel(new PollingClientOptions { Cookies = jar, HttpMessageHandler = handler });

        var uri = new Uri("http://127.0.0.1:9/engine.io/");
        await channel.GetAsync(uri).WaitAsync(Timeout);

        Assert.That(jar.GetCookieHeader(uri), Is.EqualTo("good=1"));
    }

    private static TestCaseData Case(string name, Action<PollingClientOptions> configure, string option, string header) =>
        new TestCaseData(configure, option, header).SetArgDisplayNames(name);

    private static async Task<NodeServer> ServerAsync() => await TestServers.GetSharedAsync("engineio", new { pingInterval = 10000, pingTimeout = 5000, cookie = true });

    private static Uri Handshake(RecordingRelay relay) => new(relay.HttpUri, "/engine.io/?EIO=4&transport=polling");

    private sealed class SetCookieHandler(params string[] cookies) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") };
            foreach (var cookie in cookies)
            {
                response.Headers.TryAddWithoutValidation("Set-Cookie", cookie);
            }

            return Task.FromResult(response);
        }
    }
}
