using System.Net;
using System.Text.Json;
using Tusk.Testing;

namespace Tusk.Transport.Polling.Tests;

/// <summary>
/// Redirects, bodies cut short and long error bodies: a polling request either delivers what it carried and returns the
/// whole answer, or fails with a <see cref="PollingRequestException"/> whose message quotes the server briefly.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RedirectAndShortBodyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<Uri> UriAsync(string query)
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile-answers");
        return new Uri(server.HttpUri, "/engine.io/?EIO=4&transport=polling&" + query);
    }

    [Test]
    public async Task A_redirected_get_fails_with_the_status_and_is_not_followed()
    {
        using var channel = new PollingChannel();

        var error = Assert.ThrowsAsync<PollingRequestException>(async () => await channel.GetAsync(await UriAsync("get=redirect")).WaitAsync(Timeout));

        Assert.That(error!.StatusCode, Is.EqualTo(302));
        Assert.That(error.Message, Does.Contain("HTTP 302").And.Contain("do not follow redirects"));
    }

    [Test]
    public async Task A_redirected_post_fails_with_the_status_and_is_not_followed()
    {
        using var channel = new PollingChannel();

        var error = Assert.ThrowsAsync<PollingRequestException>(async () =>
            await channel.PostAsync(await UriAsync("sid=s&post=redirect"), "4hello"u8.ToArray(), "text/plain;charset=UTF-8").WaitAsync(Timeout));

        Assert.That(error!.StatusCode, Is.EqualTo(302));
    }

    [Test]
    public async Task A_post_that_a_callers_handler_redirected_into_a_get_fails_instead_of_passing_for_delivered()
    {
        // The caller's handler follows redirects (its choice): the 302 came back as a GET of /moved without the body,
        // and its 200 "ok" said nothing about the message.
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = true };
        using var channel = new PollingChannel(new PollingClientOptions { HttpMessageHandler = handler });

        var error = Assert.ThrowsAsync<PollingRequestException>(async () =>
            await channel.PostAsync(await UriAsync("sid=s&post=redirect"), "4hello"u8.ToArray(), "text/plain;charset=UTF-8").WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("redirected").And.Contain("not delivered"));
    }

    [Test]
    public async Task A_body_shorter_than_its_content_length_fails_instead_of_returning_short()
    {
        using var handler = new ShortBodyHandler("4hello"u8.ToArray(), announced: 100);
        using var channel = new PollingChannel(new PollingClientOptions { HttpMessageHandler = handler });

        var error = Assert.ThrowsAsync<PollingRequestException>(() => channel.GetAsync(new Uri("http://127.0.0.1:9/engine.io/")).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("ended after 6 of the 100 bytes"));
    }

    [Test]
    public async Task An_error_message_quotes_the_server_short_and_escaped()
    {
        var serverMessage = new string('m', 5000) + "\r\nforged log line";
        var body = JsonSerializer.Serialize(new { code = 3, message = serverMessage });
        using var channel = new PollingChannel();

        var error = Assert.ThrowsAsync<PollingRequestException>(async () =>
            await channel.GetAsync(await UriAsync("status=400&body=" + Uri.EscapeDataString(body))).WaitAsync(Timeout));

        Assert.That(error!.ServerMessage, Is.EqualTo(serverMessage));
        Assert.That(error.Message.Length, Is.LessThan(400));
        Assert.That(error.Message, Does.Contain(new string('m', 200) + "…").And.Not.Contain(new string('m', 201)));
        Assert.That(error.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public async Task A_plain_error_body_is_quoted_short_and_escaped()
    {
        var text = "\u001b[2J" + new string('p', 3000);
        using var channel = new PollingChannel();

        var error = Assert.ThrowsAsync<PollingRequestException>(async () =>
            await channel.GetAsync(await UriAsync("status=500&body=" + Uri.EscapeDataString(text))).WaitAsync(Timeout));

        Assert.That(error!.StatusCode, Is.EqualTo(500));
        Assert.That(error.Message, Does.Contain("\\u001b[2J"));
        Assert.That(error.Message.Length, Is.LessThan(400));
        Assert.That(error.Message.Any(char.IsControl), Is.False);
    }

    private sealed class ShortBodyHandler(byte[] body, long announced) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(body));
            content.Headers.ContentLength = announced;
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
