using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tusk.EngineIO.Transports;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>How the session fails against real engine.io servers: silence, unknown sessions, refused revisions.</summary>
[TestFixtureSource(nameof(Cases))]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class SessionFailureTests(string module, string transport)
{
    private static readonly object[] Cases =
    [
        new object[] { "engineio", "polling" },
        new object[] { "engineio", "websocket" },
        new object[] { "engineio-v3", "polling" },
        new object[] { "engineio-v3", "websocket" },
    ];

    [Test]
    public async Task A_silent_server_is_detected_as_a_ping_timeout()
    {
        // The server keeps its default heartbeat (pings 25 s apart), far away in real time; the client's heartbeat runs
        // on a fake clock that only the test moves, so the timeout comes exactly when the protocol says, however loaded
        // the machine is.
        var server = await TestServers.GetSharedAsync(module);
        await using var proxy = new SilenceableProxy(server.Port);
        var time = new FakeTimeProvider();
        await using var client = new EngineIoClient(proxy.HttpUri, new EngineIoClientOptions { Transports = [transport], Connection = { TimeProvider = time } });
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        var handshake = client.Handshake!;
        TimeSpan limit;
        if (module == "engineio-v3")
        {
            // Revision 3: the client pings every pingInterval and wants the pong within pingTimeout. One ping is
            // answered before the silence; the next goes into it.
            var answered = client.WhenHeartbeats(1);
            time.Advance(handshake.PingInterval);
            await answered.WaitAsync(TestTimeouts.Event);
            proxy.Silence();
            time.Advance(handshake.PingInterval);
            limit = handshake.PingTimeout;
        }
        else
        {
            // Revision 4: the server pings; none within pingInterval + pingTimeout means it is gone.
            proxy.Silence();
            limit = handshake.PingInterval + handshake.PingTimeout;
        }

        time.Advance(limit - TimeSpan.FromMilliseconds(1));
        Assert.That(client.IsConnected, Is.True, "the server's silence has not yet outlasted the heartbeat");
        time.Advance(TimeSpan.FromMilliseconds(1));

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.PingTimeout));
        Assert.That(args.Exception!.Message, Does.Contain("ping timeout"));
    }
}

/// <summary>Polling specifics: batching under the server's maxPayload, unknown sessions, refused revisions.</summary>
public sealed class PollingLimitsTests
{
    [Test]
    public async Task Queued_writes_are_split_into_posts_that_fit_max_payload()
    {
        // A server of its own in the test servers' host process (it stops with the shared ones).
        var server = await TestServers.StartOwnAsync("engineio", new { maxHttpBufferSize = 1000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"] });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        Assert.That(client.Handshake!.MaxPayload, Is.EqualTo(1000));

        const int count = 40;
        var text = new string('x', 100);
        var sends = Enumerable.Range(0, count).Select(_ => client.SendAsync(text).AsTask()).ToArray();
        await Task.WhenAll(sends).WaitAsync(TestTimeouts.Event);
        for (var i = 0; i < count; i++)
        {
            Assert.That(await client.ReceiveTextAsync(), Is.EqualTo(text));
        }

        await client.SendAsync("cmd:stats");
        using var stats = JsonDocument.Parse(await client.ReceiveTextAsync());
        var largest = stats.RootElement.GetProperty("largestPost").GetInt32();
        var posts = stats.RootElement.GetProperty("posts").GetInt32();
        Assert.That(largest, Is.LessThanOrEqualTo(1000));
        Assert.That(posts, Is.GreaterThanOrEqualTo(count * 100 / 1000));
        Assert.That(client.IsConnected, Is.True);
    }

    [TestCase("engineio")]
    [TestCase("engineio-v3")]
    public async Task An_unknown_session_surfaces_as_a_clear_error(string module)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        var factory = new ContextCapturingFactory();
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], TransportFactory = factory });
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        // As if a load balancer sent the next request to a node that never saw this session.
        factory.Context!.SessionId = "unknown-session-id";
        await client.SendAsync("lost");

        var args = await closed.WaitAsync(TestTimeouts.Event);
        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        var error = args.Exception as EngineIoException;
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.ServerErrorCode, Is.EqualTo(1));
        Assert.That(error.ServerMessage, Is.EqualTo("Session ID unknown"));
        Assert.That(error.Message, Does.Contain("Session ID unknown").And.Contain("400"));
        Assert.That(error.Message, Does.Contain("load balancer").And.Contain("sticky sessions"));
    }

    [Test]
    public async Task Forcing_revision_3_on_a_server_that_refuses_it_says_so()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], Version = EngineIoVersion.V3 });

        var error = Assert.ThrowsAsync<EngineIoVersionMismatchException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.ServerErrorCode, Is.EqualTo(5));
        Assert.That(error.Message, Does.Contain("allowEIO3"));
        Assert.That((error.RequestedVersion, error.ServerVersion), Is.EqualTo((EngineIoVersion.V3, EngineIoVersion.V4)));
    }

    [Test]
    public async Task Forcing_revision_4_on_a_revision_3_server_says_so_instead_of_a_decoding_error()
    {
        var server = await TestServers.GetSharedAsync("engineio-v3", new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], Version = EngineIoVersion.V4 });

        var error = Assert.ThrowsAsync<EngineIoVersionMismatchException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That((error!.RequestedVersion, error.ServerVersion), Is.EqualTo((EngineIoVersion.V4, EngineIoVersion.V3)));
        Assert.That(error.Message, Does.Contain("revision 3").And.Contain("EngineIoClientOptions.Version is V4"));
        Assert.That(error.Message, Does.Not.Contain("packet type"));
    }

    [Test]
    public async Task A_wrong_path_fails_the_connect_with_the_http_status()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["polling"], Path = "/nowhere", ConnectTimeout = TimeSpan.FromSeconds(1) });

        var error = Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.Message, Does.Contain("HTTP").Or.Contain("did not complete"));
    }

    private sealed class ContextCapturingFactory : IEngineIoTransportFactory
    {
        public EngineIoTransportContext? Context { get; private set; }

        public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
        {
            Context = context;
            return EngineIoTransportFactory.Default.CreateTransport(name, context);
        }
    }
}
