using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>A broken server must produce a clear error quickly: never a hang, never a crash.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class HostileServerTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private static async Task<EngineIoClient> CreateClientAsync(string behaviour, TimeProvider? time = null)
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        var options = new EngineIoClientOptions { Transports = ["polling"], ConnectTimeout = ConnectTimeout };
        options.Connection.TimeProvider = time ?? TimeProvider.System;
        options.Query["hostile"] = behaviour;
        return new EngineIoClient(server.HttpUri, options);
    }

    [TestCase("garbage", "Unknown Engine.IO packet type")]
    [TestCase("truncated-v3", "announces a packet of 96 characters")]
    [TestCase("huge-length", "invalid length prefix")]
    [TestCase("binary", "invalid length")]
    [TestCase("not-open", "not the open packet")]
    [TestCase("bad-json", "not valid JSON")]
    public async Task Malformed_handshakes_fail_with_a_parse_error(string behaviour, string expected)
    {
        await using var client = await CreateClientAsync(behaviour);

        var error = Assert.ThrowsAsync<EngineIoParseException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task A_server_error_page_fails_with_the_status()
    {
        await using var client = await CreateClientAsync("html-error");

        var error = Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.StatusCode, Is.EqualTo(500));
        Assert.That(error.Message, Does.Contain("500").And.Contain("boom"));
    }

    [Test]
    public async Task A_server_that_never_answers_fails_after_the_connect_timeout()
    {
        // The server never answers, so only the connect timeout ends the connect: on a fake clock, moved once the
        // client has armed it (the request itself is real and stays unanswered).
        var clock = new FakeClock();
        await using var client = await CreateClientAsync("hang", clock);

        var connecting = client.ConnectAsync();
        await clock.AdvanceWhenArmedAsync(ConnectTimeout, TestTimeouts.Event);
        var error = Assert.ThrowsAsync<EngineIoException>(() => connecting.WaitAsync(TestTimeouts.Event));

        Assert.That(error!.InnerException, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task Garbage_after_the_handshake_closes_the_session_with_the_parse_error()
    {
        await using var client = await CreateClientAsync("open,garbage");
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var args = await closed.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        Assert.That(args.Exception, Is.InstanceOf<EngineIoParseException>());
        Assert.That(await client.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Event), Is.Null);
    }
}
