using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;
using Microsoft.Extensions.Time.Testing;
using Tusk.Testing;

namespace Tusk.Transport.Polling.Tests;

/// <summary>The polling channel against a real engine.io server (it only moves bodies; the tests read the framing).</summary>
[Parallelizable(ParallelScope.All)]
public sealed class PollingChannelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<NodeServer> ServerAsync() =>
        await TestServers.GetSharedAsync("engineio", new { pingInterval = 10000, pingTimeout = 5000, cookie = true });

    private static Uri Handshake(NodeServer server) => new(server.HttpUri, "/engine.io/?EIO=4&transport=polling");

    private static async Task<(PollingChannel Channel, Uri SessionUri)> OpenSessionAsync(NodeServer server, PollingClientOptions options)
    {
        var channel = new PollingChannel(options);
        var response = await channel.GetAsync(Handshake(server)).WaitAsync(Timeout);
        var body = Encoding.UTF8.GetString(response.Body.Span);
        Assert.That(body, Does.StartWith("0{\"sid\":\""));
        var sid = body.Split('"')[3];
        return (channel, new Uri(Handshake(server) + "&sid=" + Uri.EscapeDataString(sid)));
    }

    [Test]
    public async Task Get_and_post_move_bodies_and_every_request_gets_a_fresh_timestamp()
    {
        var server = await ServerAsync();
        using var handler = new RecordingHandler();
        var (channel, session) = await OpenSessionAsync(server, new PollingClientOptions { HttpMessageHandler = handler });
        using var _ = channel;

        var post = await channel.PostAsync(session, "4hello"u8.ToArray(), "text/plain;charset=UTF-8").WaitAsync(Timeout);
        var echo = await channel.GetAsync(session).WaitAsync(Timeout);

        Assert.That(Encoding.UTF8.GetString(post.Body.Span), Is.EqualTo("ok"));
        Assert.That(Encoding.UTF8.GetString(echo.Body.Span), Is.EqualTo("4hello"));
        Assert.That(echo.ContentType, Is.EqualTo("text/plain"));
        var stamps = handler.Requests.Select(r => HttpUtility.ParseQueryString(r.RequestUri!.Query)["t"]).ToList();
        Assert.That(stamps, Has.Count.EqualTo(3));
        Assert.That(stamps, Is.All.Not.Null);
        Assert.That(stamps, Is.Unique);
    }

    [Test]
    public async Task Timestamps_can_be_turned_off()
    {
        var server = await ServerAsync();
        using var handler = new RecordingHandler();
        using var channel = new PollingChannel(new PollingClientOptions { HttpMessageHandler = handler, TimestampRequests = false });

        await channel.GetAsync(Handshake(server)).WaitAsync(Timeout);

        Assert.That(HttpUtility.ParseQueryString(handler.Requests.Single().RequestUri!.Query)["t"], Is.Null);
    }

    [Test]
    public async Task Headers_user_agent_origin_referer_and_connection_close_are_sent()
    {
        var server = await ServerAsync();
        using var handler = new RecordingHandler();
        var options = new PollingClientOptions
        {
            HttpMessageHandler = handler,
            UserAgent = "Tusk/1",
            Origin = "http://origin.test",
            Referer = "http://referer.test/page",
            KeepAlive = false,
        };
        options.Headers.Add(new KeyValuePair<string, string>("X-Custom", "42"));
        using var channel = new PollingChannel(options);

        await channel.GetAsync(Handshake(server)).WaitAsync(Timeout);

        var request = handler.Requests.Single();
        Assert.That(RecordingHandler.Header(request, "User-Agent"), Is.EqualTo("Tusk/1"));
        Assert.That(RecordingHandler.Header(request, "Origin"), Is.EqualTo("http://origin.test"));
        Assert.That(RecordingHandler.Header(request, "Referer"), Is.EqualTo("http://referer.test/page"));
        Assert.That(RecordingHandler.Header(request, "X-Custom"), Is.EqualTo("42"));
        Assert.That(request.Headers.ConnectionClose, Is.True);
    }

    [Test]
    public async Task Cookies_from_responses_are_stored_and_sent_back()
    {
        var server = await ServerAsync();
        using var handler = new RecordingHandler();
        var cookies = new CookieContainer();
        var (channel, session) = await OpenSessionAsync(server, new PollingClientOptions { HttpMessageHandler = handler, Cookies = cookies });
        using var _ = channel;

        var sid = HttpUtility.ParseQueryString(session.Query)["sid"];
        Assert.That(cookies.GetCookies(server.HttpUri)["io"]?.Value, Is.EqualTo(sid));

        await channel.PostAsync(session, "4x"u8.ToArray(), "text/plain;charset=UTF-8").WaitAsync(Timeout);
        Assert.That(RecordingHandler.Header(handler.Requests.Last(), "Cookie"), Is.EqualTo($"io={sid}"));
    }

    [Test]
    public async Task An_http_error_carries_the_status_and_the_servers_json_error()
    {
        var server = await ServerAsync();
        using var channel = new PollingChannel();
        var unknown = new Uri(Handshake(server) + "&sid=nope");

        var error = Assert.ThrowsAsync<PollingRequestException>(() => channel.PostAsync(unknown, "4x"u8.ToArray(), "text/plain;charset=UTF-8").WaitAsync(Timeout));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.ServerErrorCode, Is.EqualTo(1));
        Assert.That(error.ServerMessage, Is.EqualTo("Session ID unknown"));
        Assert.That(error.ResponseBody, Does.Contain("Session ID unknown"));
        Assert.That(error.Message, Does.Contain("400").And.Contain("Session ID unknown"));
    }

    [Test]
    public async Task Only_one_get_may_be_in_flight()
    {
        var server = await ServerAsync();
        var (channel, session) = await OpenSessionAsync(server, new PollingClientOptions());
        using var _ = channel;
        using var cancel = new CancellationTokenSource();

        // The server holds this poll: it has nothing to send.
        var held = channel.GetAsync(session, cancel.Token);
        Assert.That(channel.IsGetInFlight, Is.True);
        Assert.ThrowsAsync<InvalidOperationException>(() => channel.GetAsync(session));

        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => held.WaitAsync(Timeout));
        Assert.That(channel.IsGetInFlight, Is.False);
    }

    [Test]
    public async Task Only_one_post_may_be_in_flight()
    {
        var server = await ServerAsync();
        using var handler = new RecordingHandler();
        var (channel, session) = await OpenSessionAsync(server, new PollingClientOptions { HttpMessageHandler = handler });
        using var _ = channel;
        handler.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = channel.PostAsync(session, "4a"u8.ToArray(), "text/plain;charset=UTF-8");
        Assert.That(channel.IsPostInFlight, Is.True);
        var second = Assert.ThrowsAsync<InvalidOperationException>(() => channel.PostAsync(session, "4b"u8.ToArray(), "text/plain;charset=UTF-8"));

        Assert.That(second!.Message, Does.Contain("POST"));
        handler.Hold.SetResult();
        await first.WaitAsync(Timeout);
        Assert.That(channel.IsPostInFlight, Is.False);
    }

    [Test]
    public void A_request_that_outlives_the_timeout_fails_with_a_timeout()
    {
        // A peer that accepts the connection and never answers: the timeout is the only way the request can end (a
        // long-poll held by a real server ends at its next ping). The timeout runs on a fake clock: the request starts
        // it before its first wait, and nothing but the test moves the clock, so no load on the machine changes the outcome.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var uri = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/engine.io/?EIO=4&transport=polling");
        var time = new FakeTimeProvider();
        using var channel = new PollingChannel(new PollingClientOptions { RequestTimeout = TimeSpan.FromSeconds(30), TimeProvider = time });

        var get = channel.GetAsync(uri);
        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.That(get.IsCompleted, Is.False, "the request is still within its timeout");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var error = Assert.ThrowsAsync<PollingRequestException>(() => get.WaitAsync(Timeout));

        Assert.That(error!.InnerException, Is.InstanceOf<TimeoutException>());
        Assert.That(error.Message, Does.Contain("timed out after 30 s"));
    }

    [Test]
    public async Task A_response_above_the_size_limit_is_refused()
    {
        var server = await ServerAsync();
        using var channel = new PollingChannel(new PollingClientOptions { MaxResponseSize = 10 });

        var error = Assert.ThrowsAsync<PollingRequestException>(() => channel.GetAsync(Handshake(server)).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("limit of 10 bytes"));
    }

    [Test]
    public async Task A_user_supplied_http_client_is_used_and_not_disposed()
    {
        var server = await ServerAsync();
        using var handler = new RecordingHandler();
        using var httpClient = new HttpClient(handler);
        using (var channel = new PollingChannel(new PollingClientOptions { HttpClient = httpClient }))
        {
            await channel.GetAsync(Handshake(server)).WaitAsync(Timeout);
        }

        Assert.That(handler.Requests, Has.Count.EqualTo(1));
        var again = await httpClient.GetAsync(Handshake(server)).WaitAsync(Timeout);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void An_unreachable_server_fails_with_a_polling_error()
    {
        using var channel = new PollingChannel();

        var error = Assert.ThrowsAsync<PollingRequestException>(() => channel.GetAsync(new Uri("http://127.0.0.1:1/engine.io/")).WaitAsync(Timeout));

        Assert.That(error!.InnerException, Is.InstanceOf<HttpRequestException>());
    }
}
