using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// Every header option of the Engine.IO client is checked before any request of any transport setup: a recording relay
/// in front of a real engine.io server sees no connection at all, and the error names the option and the header,
/// never the value. Valid values do reach the wire through the same relay.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class HeaderValidationTests
{
    private const string Secret = "s3cr3t-value";

    private static readonly string[] Modes = ["polling", "websocket", "upgrade"];

    public static IEnumerable<TestCaseData> BadOptions()
    {
        var options = new (string Name, Action<EngineIoClientOptions> Configure, string Option, string Header)[]
        {
            ("Headers value", o => o.Connection.Headers["X-Evil"] = Secret + "\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1", "EngineIoClientOptions.Connection.Headers", "X-Evil"),
            ("Headers value NUL", o => o.Connection.Headers["X-Evil"] = Secret + "\0", "EngineIoClientOptions.Connection.Headers", "X-Evil"),
            ("Headers name", o => o.Connection.Headers["X-Evil\r\nInjected"] = Secret, "EngineIoClientOptions.Connection.Headers", "X-Evil\\u000d\\u000aInjected"),
            ("UserAgent", o => o.Connection.UserAgent = Secret + "\r\nX-Injected: 1", "EngineIoClientOptions.Connection.UserAgent", "User-Agent"),
            ("Origin", o => o.Connection.Origin = "http://a.test/" + Secret + "\r\n", "EngineIoClientOptions.Connection.Origin", "Origin"),
            ("Referer", o => o.Connection.Referer = "http://a.test/" + Secret + "\n", "EngineIoClientOptions.Connection.Referer", "Referer"),
        };
        foreach (var mode in Modes)
        {
            foreach (var (name, configure, option, header) in options)
            {
                yield return new TestCaseData(mode, configure, option, header).SetArgDisplayNames(mode, name);
            }
        }
    }

    [TestCaseSource(nameof(BadOptions))]
    public async Task A_bad_header_option_fails_before_anything_is_sent(string mode, Action<EngineIoClientOptions> configure, string option, string header)
    {
        var server = await ServerAsync();
        await using var relay = new RecordingRelay(server.Port);
        var options = Options(mode);
        configure(options);
        await using var client = new EngineIoClient(relay.HttpUri, options);

        var error = Assert.ThrowsAsync<ArgumentException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(error!.Message, Does.Contain(option).And.Contain(header).And.Not.Contain(Secret));
        Assert.That(relay.Connections, Is.Zero);
        Assert.That(relay.Received, Is.Empty);
    }

    [Test]
    public async Task After_a_refused_option_is_fixed_the_same_client_connects()
    {
        var server = await ServerAsync();
        var options = Options("polling");
        options.Connection.UserAgent = "bad\r\n";
        await using var client = new EngineIoClient(server.HttpUri, options);
        Assert.ThrowsAsync<ArgumentException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        options.Connection.UserAgent = "Tusk-test";
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        Assert.That(client.IsConnected, Is.True);
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    [TestCase("upgrade")]
    public async Task Valid_header_options_reach_the_wire(string mode)
    {
        var server = await ServerAsync();
        await using var relay = new RecordingRelay(server.Port);
        var options = Options(mode);
        options.Connection.Headers["X-Token"] = "abc\tdef";
        options.Connection.UserAgent = "Tusk-test/1";
        options.Connection.Origin = "http://origin.test";
        options.Connection.Referer = "http://origin.test/page";
        await using var client = new EngineIoClient(relay.HttpUri, options);
        var upgraded = mode == "upgrade" ? client.WhenUpgradeSettled() : Task.FromResult<EngineIoUpgradeEventArgs>(null!);

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        await upgraded.WaitAsync(TestTimeouts.Event);

        var sent = relay.ReceivedText;
        var requests = sent.Split("\r\n\r\n").Count(r => r.Contains(" HTTP/1.1\r\n", StringComparison.Ordinal));
        Assert.That(requests, Is.GreaterThanOrEqualTo(mode == "upgrade" ? 2 : 1));
        foreach (var line in new[] { "X-Token: abc\tdef", "User-Agent: Tusk-test/1", "Origin: http://origin.test", "Referer: http://origin.test/page" })
        {
            Assert.That(CountOccurrences(sent, "\r\n" + line + "\r\n"), Is.EqualTo(requests), line);
        }

        if (mode != "polling")
        {
            Assert.That(sent, Does.Contain("transport=websocket"));
        }
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static EngineIoClientOptions Options(string mode) => new()
    {
        Transports = mode switch
        {
            "polling" => ["polling"],
            "websocket" => ["websocket"],
            _ => ["polling", "websocket"],
        },
        Upgrade = mode == "upgrade",
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private static Task<NodeServer> ServerAsync() => TestServers.GetSharedAsync("engineio");
}
