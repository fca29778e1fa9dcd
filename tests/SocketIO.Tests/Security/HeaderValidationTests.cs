using Tusk.SocketIO.Legacy;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Security;

/// <summary>
/// No header option of the Socket.IO client can inject bytes into a request, whatever the transport setup: polling,
/// WebSocket, polling then upgrade, and the socket.io 0.9 handshake (tried under <see cref="SocketIoProtocol.Auto"/>,
/// also in WebSocket-only mode). A recording relay in front of the real server proves that nothing reached the wire.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HeaderValidationTests
{
    private const string Secret = "s3cr3t-value";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Transport setups: the server module, the protocol and the transports.</summary>
    private static readonly (string Name, string Module, SocketIoProtocol Protocol, string[] Transports)[] Modes =
    [
        ("polling", "sio-v4", SocketIoProtocol.Auto, ["polling"]),
        ("websocket", "sio-v4", SocketIoProtocol.Auto, ["websocket"]),
        ("upgrade", "sio-v4", SocketIoProtocol.Auto, ["polling", "websocket"]),
        ("0.9 fallback", "sio-v0", SocketIoProtocol.Auto, ["polling", "websocket"]),
        ("0.9 fallback, websocket only", "sio-v0", SocketIoProtocol.Auto, ["websocket"]),
        ("0.9 forced, polling", "sio-v0", SocketIoProtocol.V0_9, ["polling"]),
        ("0.9 forced, websocket", "sio-v0", SocketIoProtocol.V0_9, ["websocket"]),
    ];

    private static readonly (string Name, Action<SocketIoClientOptions> Configure, string Option, string Header)[] Bad =
    [
        ("ExtraHeaders value", o => o.ExtraHeaders["X-Evil"] = Secret + "\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", "SocketIoClientOptions.ExtraHeaders", "X-Evil"),
        ("ExtraHeaders value TAB ok but BEL", o => o.ExtraHeaders["X-Evil"] = Secret + "\t\a", "SocketIoClientOptions.ExtraHeaders", "X-Evil"),
        ("ExtraHeaders name", o => o.ExtraHeaders["X-Evil\r\nX-Injected"] = Secret, "SocketIoClientOptions.ExtraHeaders", "X-Evil\\u000d\\u000aX-Injected"),
        ("ExtraHeaders empty name", o => o.ExtraHeaders[""] = Secret, "SocketIoClientOptions.ExtraHeaders", "''"),
        ("UserAgent", o => o.UserAgent = Secret + "\r\nX-Injected: 1", "SocketIoClientOptions.UserAgent", "User-Agent"),
        ("Origin", o => o.Origin = "http://a.test/" + Secret + "\r\nX-Injected: 1", "SocketIoClientOptions.Origin", "Origin"),
        ("Referer", o => o.Referer = "http://a.test/" + Secret + "\n", "SocketIoClientOptions.Referer", "Referer"),
    ];

    public static IEnumerable<TestCaseData> BadOptionsInEveryMode() =>
        from mode in Modes
        from bad in Bad
        select new TestCaseData(mode.Module, mode.Protocol, mode.Transports, bad.Configure, bad.Option, bad.Header).SetArgDisplayNames(mode.Name, bad.Name);

    [TestCaseSource(nameof(BadOptionsInEveryMode))]
    public async Task A_bad_header_option_fails_before_anything_is_sent(
        string module, SocketIoProtocol protocol, string[] transports, Action<SocketIoClientOptions> configure, string option, string header)
    {
        var server = await TestServers.GetSharedAsync(module);
        await using var relay = new RecordingRelay(server.Port);
        var options = Options(protocol, transports);
        configure(options);

        var error = Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await using var client = new SocketIoClient(relay.HttpUri, options);
            await client.ConnectAsync().WaitAsync(Timeout);
        });

        Assert.That(error!.Message, Does.Contain(option).And.Contain(header).And.Not.Contain(Secret));
        Assert.That(relay.Connections, Is.Zero);
        Assert.That(relay.Received, Is.Empty);
    }

    [TestCaseSource(nameof(BadOptionsInEveryMode))]
    public async Task A_header_option_spoilt_after_the_client_was_created_fails_before_anything_is_sent(
        string module, SocketIoProtocol protocol, string[] transports, Action<SocketIoClientOptions> configure, string option, string header)
    {
        var server = await TestServers.GetSharedAsync(module);
        await using var relay = new RecordingRelay(server.Port);
        var options = Options(protocol, transports);
        await using var client = new SocketIoClient(relay.HttpUri, options);
        configure(options);

        var error = Assert.ThrowsAsync<ArgumentException>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain(option).And.Contain(header).And.Not.Contain(Secret));
        Assert.That(relay.Connections, Is.Zero);
        Assert.That(relay.Received, Is.Empty);
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task The_09_handshake_itself_refuses_a_bad_header_before_sending(string transport)
    {
        var server = await TestServers.GetSharedAsync("sio-v0");
        await using var relay = new RecordingRelay(server.Port);
        var options = Options(SocketIoProtocol.V0_9, [transport]);
        options.ExtraHeaders["X-Evil"] = Secret + "\r\nX-Injected: 1";
        var factory = new LegacySessionFactory(relay.HttpUri, options);

        var error = Assert.ThrowsAsync<ArgumentException>(() => factory.HandshakeAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("SocketIoClientOptions.ExtraHeaders").And.Contain("X-Evil").And.Not.Contain(Secret));
        Assert.That(relay.Connections, Is.Zero);
    }

    [TestCase("sio-v4", SocketIoProtocol.Auto, "polling")]
    [TestCase("sio-v4", SocketIoProtocol.Auto, "websocket")]
    [TestCase("sio-v0", SocketIoProtocol.Auto, "polling")]
    [TestCase("sio-v0", SocketIoProtocol.Auto, "websocket")]
    public async Task Valid_header_options_reach_the_wire(string module, SocketIoProtocol protocol, string transport)
    {
        var server = await TestServers.GetSharedAsync(module);
        await using var relay = new RecordingRelay(server.Port);
        var options = Options(protocol, [transport]);
        options.ExtraHeaders["X-Token"] = "abc\tdef";
        options.UserAgent = "Tusk-test/1";
        options.AddCorsHeaders = true;
        await using var client = new SocketIoClient(new Uri(relay.HttpUri, "/?room=1"), options);

        await client.ConnectAsync().WaitAsync(Timeout);

        var sent = relay.ReceivedText;
        Assert.That(sent, Does.Contain("\r\nX-Token: abc\tdef\r\n"));
        Assert.That(sent, Does.Contain("\r\nUser-Agent: Tusk-test/1\r\n"));
        Assert.That(sent, Does.Contain($"\r\nOrigin: http://127.0.0.1:{relay.Port}\r\n"));
        Assert.That(sent, Does.Contain($"\r\nReferer: http://127.0.0.1:{relay.Port}/?room=1\r\n"));
    }

    [Test]
    public void The_CORS_referer_carries_no_user_info()
    {
        var options = new SocketIoClientOptions { AddCorsHeaders = true };

        var referer = Internal.SocketIoHeaderOptions.Referer(new Uri("http://user:pa55@example.test:3000/app?x=1#frag"), options);

        Assert.That(referer, Is.EqualTo("http://example.test:3000/app?x=1"));
    }

    private static SocketIoClientOptions Options(SocketIoProtocol protocol, string[] transports) => new()
    {
        Protocol = protocol,
        Transports = [.. transports],
        ConnectTimeout = TimeSpan.FromSeconds(10),
        Reconnection = false,
    };
}
