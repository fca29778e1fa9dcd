using System.Text.Json;
using Tusk.SocketIO.Internal;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// What a client does at construction was cut down for a new process's first connect (issue 21): the server URL check
/// runs its regex only when the URL could match it, and the default JSON options are built on first use. These tests
/// pin that the behaviour stayed the same.
/// </summary>
public class StartupWorkTests
{
    [TestCase("localhost:3000")]
    [TestCase("localhost:3000/chat")]
    [TestCase("my-host.example:80")]
    public void A_url_without_a_scheme_is_still_recognised(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => ServerUriRules.Validate(new Uri(url, UriKind.RelativeOrAbsolute), "serverUri"));

        Assert.That(error!.Message, Does.StartWith($"The server URL '{url}' has no scheme"));
    }

    [Test]
    public void An_ip_and_port_without_a_scheme_is_still_recognised()
    {
        var error = Assert.Throws<ArgumentException>(() => ServerUriRules.Validate(new Uri("127.0.0.1:3000", UriKind.RelativeOrAbsolute), "serverUri"));

        Assert.That(error!.Message, Does.StartWith("The server URL '127.0.0.1:3000' has no scheme"));
    }

    [TestCase("http://localhost:3000")]
    [TestCase("https://example.com/socket.io")]
    [TestCase("ws://127.0.0.1:1/x")]
    [TestCase("wss://example.com:443")]
    public void A_supported_url_passes(string url)
    {
        Assert.DoesNotThrow(() => ServerUriRules.Validate(new Uri(url), "serverUri"));
    }

    [TestCase("ftp://example.com", "The server URL scheme 'ftp' is not supported")]
    [TestCase("localhost:abc", "The server URL scheme 'localhost' is not supported")]
    [TestCase("/relative", "The server URL '/relative' is relative")]
    public void Other_urls_fail_as_before(string url, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ServerUriRules.Validate(new Uri(url, UriKind.RelativeOrAbsolute), "serverUri"));

        Assert.That(error!.Message, Does.StartWith(message));
    }

    [Test]
    public async Task The_default_json_options_are_built_on_first_use_with_web_conventions()
    {
        await using var manager = new SocketIoManager(new Uri("http://localhost:1"), new SocketIoClientOptions());

        var first = manager.Json;

        Assert.That(manager.Json, Is.SameAs(first));
        Assert.That(first.SerializeValue(new { UserName = "ada" }), Is.EqualTo("{\"userName\":\"ada\"}"));
    }

    [Test]
    public async Task The_applications_json_options_are_still_copied_when_the_client_is_created()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await using var manager = new SocketIoManager(new Uri("http://localhost:1"), new SocketIoClientOptions { JsonSerializerOptions = options });

        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;

        Assert.That(manager.Json.SerializeValue(new { UserName = "ada" }), Is.EqualTo("{\"userName\":\"ada\"}"));
    }
}
