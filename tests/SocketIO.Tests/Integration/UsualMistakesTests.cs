using System.Net;
using System.Net.Sockets;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// The mistakes everyone makes once, against real servers: each error names what happened and what to change.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class UsualMistakesTests
{
    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_wrong_path_names_the_url_requested_and_the_option(string transport)
    {
        // A bare Node server with socket.io attached never answers a request for another path: the connect times out,
        // and the message says where it asked and which option to check.
        var target = new SioTarget(4, transport);
        var server = await target.ServerAsync();
        await using var client = new SocketIoClient(new Uri(server.HttpUri, "/?token=SECRET-1"), target.Options(o =>
        {
            o.Path = "/wrong";
            o.ConnectTimeout = TimeSpan.FromSeconds(2);
        }));

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.Message, Does.Contain($"from {server.HttpUri.Scheme}://{server.HttpUri.Authority}/wrong"));
        Assert.That(error.Message, Does.Contain("SocketIoClientOptions.Path (now \"/wrong\""));
        Assert.That(error.Message, Does.Not.Contain("SECRET-1"));
    }

    [TestCase("polling", "not-found", "The server answered 404 Not Found for")]
    [TestCase("websocket", "not-found", "The server answered 404 Not Found for")]
    [TestCase("websocket", "close", "The server closed the connection without answering the WebSocket handshake for")]
    public async Task A_wrong_path_that_the_server_refuses_names_the_url_and_the_option(string transport, string otherPaths, string what)
    {
        var target = new SioTarget(4, transport);
        var server = await target.ServerAsync(new { otherPaths });
        await using var client = new SocketIoClient(new Uri(server.HttpUri, "/?token=SECRET-1"), target.Options(o => o.Path = "/wrong"));

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.Message, Does.Contain($"{what} {server.HttpUri.Scheme}://{server.HttpUri.Authority}/wrong/"));
        Assert.That(error.Message, Does.Contain("SocketIoClientOptions.Path (now \"/wrong\""));
        Assert.That(error.Message, Does.Not.Contain("SECRET-1"));
    }

    [TestCase("polling", "http://")]
    [TestCase("websocket", "http://")]
    public async Task Https_to_a_plain_http_server_says_to_use_http(string transport, string advice)
    {
        var server = await new SioTarget(4, transport).ServerAsync();
        await using var client = new SocketIoClient(new Uri($"https://127.0.0.1:{server.HttpUri.Port}"), new SioTarget(4, transport).Options());

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.Message, Does.Contain($"The TLS handshake with 127.0.0.1:{server.HttpUri.Port} failed"));
        Assert.That(error.Message, Does.Contain($"If the server speaks plain HTTP, use {advice} in ServerUri"));
    }

    [Test]
    public async Task Wss_to_a_plain_http_server_says_to_use_ws()
    {
        var server = await new SioTarget(4, "websocket").ServerAsync();
        await using var client = new SocketIoClient(new Uri($"wss://127.0.0.1:{server.HttpUri.Port}"), new SioTarget(4, "websocket").Options());

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.Message, Does.Contain("use ws:// in ServerUri"));
    }

    [TestCase("localhost:3000")]
    [TestCase("localhost:3000/chat")]
    public void A_url_without_a_scheme_says_which_to_write(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new SocketIoClient(new Uri(url)));

        Assert.That(error!.Message, Does.StartWith($"The server URL '{url}' has no scheme; write \"http://{url}\" (or https:// for TLS)."));
    }

    [TestCase("ftp://127.0.0.1:3000", "ftp")]
    [TestCase("file:///tmp/socket", "file")]
    public void An_unsupported_scheme_fails_at_once(string url, string scheme)
    {
        var error = Assert.Throws<ArgumentException>(() => new SocketIoClient(new SocketIoClientOptions { ServerUri = new Uri(url) }));

        Assert.That(error!.Message, Does.StartWith($"The server URL scheme '{scheme}' is not supported"));
        Assert.That(error.Message, Does.Contain("use http, https, ws or wss"));
    }

    [Test]
    public void A_refused_connection_says_nothing_listens_there()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var client = new SocketIoClient(new Uri($"http://127.0.0.1:{port}"));

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.Message, Does.Contain($"Nothing accepts connections at 127.0.0.1:{port}"));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_namespace_connect_that_times_out_says_which_after_what_and_where_it_stopped(string transport)
    {
        var target = new SioTarget(4, transport);
        var clock = new FakeClock();
        var options = target.Options(o => o.TimeProvider = clock);
        await using var client = new SocketIoClient((await target.ServerAsync()).HttpUri, options);
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // The connection is open, so only the unanswered CONNECT can make the limit run out; it runs on a fake clock,
        // moved once the namespace's wait has started (the options object is read at each connect).
        options.ConnectTimeout = TimeSpan.FromSeconds(7);
        var connecting = client.Of("/silent").ConnectAsync();
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(7), SioTarget.Timeout);
        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => connecting.WaitAsync(SioTarget.Timeout));

        Assert.That(error!.Message, Does.StartWith("Connecting to namespace '/silent' timed out after 7 s (ConnectTimeout)"));
        Assert.That(error.Message, Does.Contain($"is open ({transport}), but the server did not answer the namespace's CONNECT"));
        Assert.That(client.IsConnected, Is.True, "the other namespace is unaffected");
    }
}
