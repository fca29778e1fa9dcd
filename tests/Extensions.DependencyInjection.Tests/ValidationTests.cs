using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ValidationTests
{
    [TestCase("not a url", "ServerUri 'not a url' is not an absolute http, https, ws or wss URL")]
    [TestCase("/relative", "ServerUri '/relative' is not an absolute http, https, ws or wss URL")]
    [TestCase("ftp://example.com", "ServerUri 'ftp://example.com' is not an absolute http, https, ws or wss URL")]
    public async Task BadServerUri_FailsWithTheValue(string serverUri, string expected)
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", serverUri)));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Has.Some.EqualTo("Socket.IO client 'chat': " + expected + "."));
    }

    [TestCase("socks5://user:hunter2@proxy:1080")]
    [TestCase("/relative")]
    public async Task BadProxy_FailsWithoutEchoingTheUrl(string proxy)
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", "http://localhost:3000"), ("Proxy", proxy)));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EqualTo(new[]
        {
            "Socket.IO client 'chat': Proxy must be an absolute http URL such as \"http://proxy.example.com:3128\" (HTTP CONNECT proxies only).",
        }));
    }

    [Test]
    public async Task NegativeCompressionThreshold_Fails()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", "http://localhost:3000"), ("CompressionThreshold", "-1")));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EqualTo(new[] { "Socket.IO client 'chat': CompressionThreshold must not be negative; got -1." }));
    }

    [Test]
    public async Task ZeroMaxFragmentsPerMessage_Fails()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", "http://localhost:3000"), ("MaxFragmentsPerMessage", "0")));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EqualTo(new[] { "Socket.IO client 'chat': MaxFragmentsPerMessage must be positive; got 0." }));
    }

    [Test]
    public async Task SizeLimitsThatAreNotPositive_Fail()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", "http://localhost:3000"), ("MaxReceiveSize", "0"), ("ReceiveBufferMaxBytes", "-1"), ("HandlerQueueMaxBytes", "0")));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Socket.IO client 'chat': ReceiveBufferMaxBytes must be positive; got -1.",
            "Socket.IO client 'chat': HandlerQueueMaxBytes must be positive; got 0.",
            "Socket.IO client 'chat': MaxReceiveSize must be positive; got 0.",
        }));
    }

    [Test]
    public async Task HeaderOptionsThatCouldSplitARequest_FailAtStartNamingTheHeaderButNotTheValue()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = new Uri("http://localhost:3000");
            o.ExtraHeaders["X-Evil"] = "s3cr3t\r\nX-Injected: 1";
            o.ExtraHeaders["Bad Name"] = "s3cr3t";
            o.UserAgent = "s3cr3t\n";
        });

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Has.Some.Contains("SocketIoClientOptions.ExtraHeaders").And.Contains("'X-Evil'"));
        Assert.That(failures, Has.Some.Contains("SocketIoClientOptions.ExtraHeaders").And.Contains("'Bad Name'"));
        Assert.That(failures, Has.Some.Contains("SocketIoClientOptions.UserAgent").And.Contains("'User-Agent'"));
        Assert.That(failures, Has.None.Contains("s3cr3t"));
    }

    [Test]
    public async Task AnInvalidServerUri_IsReportedWithoutItsSecrets()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", "ftp://user:PASSWORD@example.com/?apikey=KEY")));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Has.Some.Contains("ServerUri 'ftp://example.com/?apikey=***' is not an absolute"));
        Assert.That(failures, Has.None.Contains("PASSWORD"));
        Assert.That(failures, Has.None.Contains("KEY"));
    }

    [Test]
    public async Task MissingServerUri_Fails()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat");

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Has.Some.Contains("Socket.IO client 'chat': ServerUri is required"));
    }

    [Test]
    public async Task NegativeTimeouts_FailNamingTheSettingAndValue()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = new Uri("http://localhost:3000");
            o.ConnectTimeout = TimeSpan.FromSeconds(-5);
            o.RequestTimeout = TimeSpan.Zero;
            o.AckTimeout = TimeSpan.FromSeconds(-2);
        });

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Socket.IO client 'chat': ConnectTimeout must be positive and at most 24.20:31:23.6470000; got -00:00:05.",
            "Socket.IO client 'chat': RequestTimeout must be positive and at most 24.20:31:23.6470000; got 00:00:00.",
            "Socket.IO client 'chat': AckTimeout must be positive and at most 24.20:31:23.6470000 (or infinite); got -00:00:02.",
        }));
    }

    [Test]
    public async Task InfiniteConnectAndRequestTimeouts_FailSayingWhatToSet()
    {
        // ConnectTimeout also bounds the graceful close at dispose, RequestTimeout every poll: infinite would be unbounded.
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = new Uri("http://localhost:3000");
            o.ConnectTimeout = Timeout.InfiniteTimeSpan;
            o.RequestTimeout = Timeout.InfiniteTimeSpan;
        });

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Socket.IO client 'chat': ConnectTimeout must not be infinite (it bounds connecting, every request and the close when the client is disposed); set a finite value of at most 24.20:31:23.6470000.",
            "Socket.IO client 'chat': RequestTimeout must not be infinite (it bounds connecting, every request and the close when the client is disposed); set a finite value of at most 24.20:31:23.6470000.",
        }));
    }

    [Test]
    public async Task TimeoutsLongerThanTheTimersTake_FailNamingTheMaximum()
    {
        // TimeSpan.MaxValue passed validation before, and then made the client throw where it first armed a timer.
        var max = TimeSpan.MaxValue.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(
            ("ServerUri", "http://localhost:3000"), ("ConnectTimeout", max), ("RequestTimeout", "25.00:00:00"), ("AckTimeout", max)));

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            $"Socket.IO client 'chat': ConnectTimeout must be positive and at most 24.20:31:23.6470000; got {max}.",
            "Socket.IO client 'chat': RequestTimeout must be positive and at most 24.20:31:23.6470000; got 25.00:00:00.",
            $"Socket.IO client 'chat': AckTimeout must be positive and at most 24.20:31:23.6470000 (or infinite); got {max}.",
        }));
    }

    [Test]
    public async Task TheLongestTimeoutsAndAnInfiniteAckTimeout_AreValid()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(
            ("ServerUri", "http://localhost:3000"), ("ConnectTimeout", "24.20:31:23.647"), ("RequestTimeout", "24.20:31:23.647"), ("AckTimeout", "-00:00:00.001")));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat").Options;

        Assert.That((options.ConnectTimeout, options.RequestTimeout, options.AckTimeout),
            Is.EqualTo((TimeSpan.FromMilliseconds(int.MaxValue), TimeSpan.FromMilliseconds(int.MaxValue), (TimeSpan?)Timeout.InfiniteTimeSpan)));
    }

    [TestCase("Auth:token:inner", "SocketIo:Chat:Auth:token", "Auth")]
    [TestCase("Auth:tokens:0", "SocketIo:Chat:Auth:tokens", "Auth")]
    [TestCase("Query:room:name", "SocketIo:Chat:Query:room", "Query")]
    [TestCase("ExtraHeaders:X-Key:0", "SocketIo:Chat:ExtraHeaders:X-Key", "ExtraHeaders")]
    public async Task NestedAuthQueryOrHeaderEntries_FailNamingTheKeyButNotTheValue(string key, string path, string option)
    {
        // Such an entry used to become "" and reach the server as an empty string.
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", Configuration(("ServerUri", "http://localhost:3000"), (key, "hunter2-secret")));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat"));

        Assert.That(error!.Message, Does.StartWith($"Configuration entry '{path}' is an object or an array; {option} takes a flat object of strings"));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task EmptyTransportList_Fails()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = new Uri("http://localhost:3000");
            o.Transports.Clear();
        });

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EqualTo(new[] { "Socket.IO client 'chat': Transports must name at least one transport (e.g. [\"polling\", \"websocket\"])." }));
    }

    [Test]
    public async Task ReconnectionAndLimits_AreChecked()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = new Uri("http://localhost:3000");
            o.Path = " ";
            o.Transports = ["polling", ""];
            o.ReconnectionAttempts = -1;
            o.ReconnectionDelay = TimeSpan.FromSeconds(10);
            o.ReconnectionDelayMax = TimeSpan.FromSeconds(1);
            o.RandomizationFactor = 1.5;
            o.Retries = -2;
            o.MaxAttachments = -1;
        });

        var failures = await GetClientFailuresAsync(services, "chat");

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Socket.IO client 'chat': Path must not be empty (the default is \"/socket.io\").",
            "Socket.IO client 'chat': Transports must not contain an empty name.",
            "Socket.IO client 'chat': ReconnectionAttempts must not be negative; got -1.",
            "Socket.IO client 'chat': ReconnectionDelayMax (00:00:01) must not be less than ReconnectionDelay (00:00:10).",
            "Socket.IO client 'chat': RandomizationFactor must be between 0 and 1; got 1.5.",
            "Socket.IO client 'chat': Retries must not be negative; got -2.",
            "Socket.IO client 'chat': MaxAttachments must not be negative; got -1.",
        }));
    }

    [Test]
    public async Task OnlyRegisteredNamesAreValidated()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = new Uri("http://localhost:3000"));
        services.Configure<SocketIoClientOptions>("someone-else", o => o.Transports.Clear());
        await using var provider = services.BuildServiceProvider();

        var other = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get("someone-else");

        Assert.That(other.Transports, Is.Empty);
    }

    [Test]
    public async Task ValidateOnStart_StopsTheHostBeforeAnythingConnects()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocketIo:Chat:ServerUri"] = "localhost:3000/chat",
            ["SocketIo:Chat:ConnectTimeout"] = "-00:00:01",
            ["SocketIo:Chat:Transports:0"] = "websocket",
        });
        builder.Services.AddSocketIoClient("chat").BindConfiguration("SocketIo:Chat");
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.OptionsName, Is.EqualTo("chat"));
        Assert.That(error.Failures, Is.EquivalentTo(new[]
        {
            "Socket.IO client 'chat': ServerUri 'localhost:3000/chat' is not an absolute http, https, ws or wss URL.",
            "Socket.IO client 'chat': ConnectTimeout must be positive and at most 24.20:31:23.6470000; got -00:00:01.",
        }));
    }

    [Test]
    public async Task An_unknown_transport_name_fails_at_host_start_naming_the_client_and_the_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocketIo:Chat:ServerUri"] = "http://localhost:3000",
            ["SocketIo:Chat:Transports:0"] = "polling",
            ["SocketIo:Chat:Transports:1"] = "websockets",
            ["SocketIo:Chat:Transport"] = "WebSocket",
        });
        builder.Services.AddSocketIoClient("chat").BindConfiguration("SocketIo:Chat");
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Is.EquivalentTo(new[]
        {
            "Socket.IO client 'chat': Transports[1] names the unknown transport \"websockets\"; the known transports are \"polling\", \"websocket\" (names are case-sensitive; add a custom one with AddTransport).",
            "Socket.IO client 'chat': Transport names the unknown transport \"WebSocket\"; the known transports are \"polling\", \"websocket\" (names are case-sensitive; add a custom one with AddTransport).",
        }));
    }

    [Test]
    public async Task A_transport_added_by_name_is_a_known_transport()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
            {
                o.ServerUri = new Uri("http://localhost:3000");
                o.Transports = ["in-memory", "websocket"];
            })
            .AddTransport("in-memory", _ => throw new NotSupportedException("never created in this test"));
        services.AddSocketIoClient("open", o =>
            {
                o.ServerUri = new Uri("http://localhost:3000");
                o.Transports = ["anything"];
            })
            .AddTransportFactory(_ => Tusk.EngineIO.Transports.EngineIoTransportFactory.Default);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ISocketIoClientFactory>();

        Assert.That(factory.GetClient("chat").Options.Transports, Is.EqualTo(new[] { "in-memory", "websocket" }));
        Assert.That(factory.GetClient("open").Options.Transports, Is.EqualTo(new[] { "anything" }), "a factory may serve any name");
    }

    [TestCase("ConnectTimeout", "soon", "Configuration value 'SocketIo:Chat:ConnectTimeout' = 'soon' is not a valid time span such as \"00:00:20\" (hh:mm:ss).")]
    [TestCase("Reconnection", "maybe", "Configuration value 'SocketIo:Chat:Reconnection' = 'maybe' is not a valid boolean (true or false).")]
    [TestCase("Retries", "two", "Configuration value 'SocketIo:Chat:Retries' = 'two' is not a valid whole number.")]
    [TestCase("Protocol", "V9", "Configuration value 'SocketIo:Chat:Protocol' = 'V9' is not a valid value (one of Auto, V0_9, V3, V4, V5).")]
    public async Task MalformedConfigurationValue_FailsWithItsPath(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocketIo:Chat:ServerUri"] = "http://localhost:3000",
            ["SocketIo:Chat:" + key] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", configuration.GetSection("SocketIo:Chat"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat"));

        Assert.That(error!.Message, Is.EqualTo(expected));
    }

    private static IConfigurationSection Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("SocketIo:Chat:" + v.Key, v.Value)))
            .Build()
            .GetSection("SocketIo:Chat");

    private static async Task<IEnumerable<string>> GetClientFailuresAsync(ServiceCollection services, string name)
    {
        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ISocketIoClientFactory>().GetClient(name));
        Assert.That(error!.OptionsName, Is.EqualTo(name));
        return error.Failures;
    }
}
