using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tusk.Docs.Snippets;
using Tusk.Docs.Snippets.DependencyInjection;
using Tusk.Docs.Snippets.EngineIO;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;
using Tusk.Testing;
using Tusk.Transport.WebSocket;

namespace Tusk.Docs.Tests;

/// <summary>Runs every documentation snippet against the bundled sample server (or a test server) and checks what it did.</summary>
[TestFixture]
// One snippet at a time (each captures Console.Out), beside the other fixtures.
[Parallelizable(ParallelScope.Self)]
public sealed class SnippetRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Readme_usage()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.Readme.Usage.RunAsync);

        Assert.That(output, Does.Contain("ack me\n").And.Contain("Tusk speaks socket.io\n"));
    }

    [Test]
    public async Task Socket_io_quick_start()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.QuickStart.RunAsync);

        Assert.That(output, Does.Contain("peter\n").And.Contain("Tusk speaks socket.io\n").And.Contain("True\n"));
    }

    [Test]
    public async Task Socket_io_faking_the_client_with_moq()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.Faking.RunAsync);

        Assert.That(output, Is.EqualTo("hi\n3\n"));
    }

    [Test]
    public async Task Socket_io_reconnection_policy()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.Reconnection.RunAsync);
        var policy = new Snippets.SocketIO.SteppedReconnection();
        var forbidden = new Tusk.SocketIO.SocketIoConnectException("refused", new Tusk.EngineIO.EngineIoException("403", 403, null, null));

        Assert.That(output, Does.Contain("attempt 1 after 0 s\n").And.Contain("reconnected after 1 attempt(s)\n").And.Not.Contain("gave up"));
        Assert.That(policy.NextDelay(new() { Attempt = 2 }), Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(policy.NextDelay(new() { Attempt = 5 }), Is.Null, "four steps, then stop");
        Assert.That(policy.NextDelay(new() { Attempt = 2, ElapsedTime = TimeSpan.FromMinutes(6) }), Is.Null);
        Assert.That(policy.NextDelay(new() { Attempt = 2, LastError = forbidden }), Is.Null);
    }

    [Test]
    public async Task Socket_io_namespace_auth()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.NamespaceAuth.RunAsync);

        Assert.That(output, Does.Contain("through my own auth\n").And.Contain("True\n"));
    }

    [Test]
    public async Task Socket_io_on_its_own()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.OnItsOwn.RunAsync);

        Assert.That(output, Does.Contain("+ack\n").And.Contain("test-recv-ack [{\"success\":true}]\n"));
        // The server prints the client's ack once it arrives, which can be after the snippet returned.
        var acked = await DocServersSetup.SampleServer.WaitForOutputAsync("/ack client ack with: [ 'Okay' ]", Timeout);
        Assert.That(acked, Is.True, $"the server never printed the client's ack:\n{DocServersSetup.SampleServer.Output}");
    }

    [Test]
    public async Task Socket_io_json_and_native_aot()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.Json.RunAsync);

        Assert.That(output, Does.Contain("Subscription { Topic = releases, Subscribed = True }\n").And.Contain("text\n").And.Contain("2\n"));
    }

    [Test]
    public async Task Socket_io_09()
    {
        var legacy = await TestServers.GetSharedAsync("sio-v0");
        DocServers.Map("legacy-host:8080", legacy.HttpUri);

        var output = await ConsoleCapture.RunAsync(Snippets.SocketIO.Legacy.RunAsync);

        Assert.That(output, Does.Contain("Jude\n"));
    }

    [Test]
    public async Task Worker_service_from_appsettings_json()
    {
        using var host = new HostCapture();
        var args = new[] { "--contentRoot", SnippetDirectory("DependencyInjection"), $"--SocketIo:Chat:ServerUri={DocServers.At("http://localhost:3000")}" };
        var run = Task.Factory.StartNew(() => Program.Main(args), TaskCreationOptions.LongRunning);

        await host.Logged("chat: joined the lobby").WaitAsync(Timeout);   // the worker ran on the connected client
        await host.Logged("the server says hello").WaitAsync(Timeout);    // the handler from ConfigureClient
        host.Stop();
        await run.WaitAsync(Timeout);

        Assert.That(run.IsCompletedSuccessfully, Is.True, "Run() returned once the host stopped");
    }

    [Test]
    public async Task Engine_io_on_its_own()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.EngineIO.OnItsOwn.RunAsync);

        Assert.That(output, Does.Contain("over websocket (Upgraded), revision V4").And.Contain("hello\n").And.Contain("3 bytes\n"));
    }

    [Test]
    public async Task Engine_io_custom_transport()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.EngineIO.CustomTransport.RunAsync);

        Assert.That(output, Does.Match(@"hello: [1-9]\d* packet\(s\) sent, [1-9]\d* received"));
    }

    [Test]
    public async Task Engine_io_custom_polling_transport()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.EngineIO.CustomPollingTransport.RunAsync);

        Assert.That(output, Is.EqualTo("revision V4: héllo, 3 bytes\n"));
    }

    [Test]
    public async Task Polling_on_its_own()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.Polling.OnItsOwn.RunAsync);

        Assert.That(output, Does.StartWith("0{\"sid\":").And.Contain("400 1 Session ID unknown\n"));
    }

    [Test]
    public async Task WebSocket_on_its_own()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.WebSocket.OnItsOwn.RunAsync);

        Assert.That(output, Is.EqualTo("subprotocol chat, compressed True\nhello\n3 bytes\n"));
    }

    [Test]
    public async Task Package_readme_socket_io()
    {
        var (reply, headline) = await Snippets.Packages.SocketIoReadme.RunAsync().WaitAsync(Timeout);

        Assert.That(reply, Is.EqualTo("world"));
        Assert.That(headline?.GetValue<string>(), Is.EqualTo("Tusk speaks socket.io"));
    }

    [Test]
    public async Task Package_readme_msgpack()
    {
        var msgpack = await TestServers.GetSharedAsync("sio-msgpack");
        DocServers.Map("localhost:3001", msgpack.HttpUri);

        var output = await ConsoleCapture.RunAsync(async () => await Snippets.Packages.MessagePackReadme.RunAsync());

        Assert.That(output, Does.Contain("a.bin\n"));
    }

    [Test]
    public async Task Package_readme_websocket()
    {
        var output = await ConsoleCapture.RunAsync(Snippets.Packages.WebSocketReadme.RunAsync);

        Assert.That(output, Is.EqualTo("hello\n"));
    }

    [Test]
    public async Task Package_readme_dependency_injection()
    {
        var contentRoot = Directory.CreateTempSubdirectory("tusk-docs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "appsettings.json"),
                $$"""{ "SocketIo": { "Chat": { "ServerUri": "{{DocServers.At("http://localhost:3000")}}" } } }""");

            var output = await ConsoleCapture.RunAsync(() => Snippets.Packages.DependencyInjectionReadme.RunAsync(["--contentRoot", contentRoot]));

            Assert.That(output, Does.Contain("chat connected: True\n"));
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    /// <summary>The snippets that print nothing to the console: they run beside each other and beside the snippets that
    /// capture <see cref="Console.Out"/> (those run one at a time), instead of in that one-at-a-time line. They took
    /// about half of this project's run, one after another.</summary>
    [TestFixture]
    [Parallelizable(ParallelScope.All)]
    public sealed class WithoutConsole
    {
        [Test]
        public async Task Typed_client()
        {
            await using var provider = Services(TypedClient.Register);
            var room = provider.GetRequiredService<ChatRoom>();
            var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");
            var sent = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.OnAnyOutgoing(e => sent.TrySetResult(e.Name));
            await client.ConnectAsync();

            await room.SayAsync("hi", CancellationToken.None);

            Assert.That(provider.GetRequiredService<ChatRoom>(), Is.SameAs(room));
            Assert.That(await sent.Task.WaitAsync(Timeout), Is.EqualTo("message"));
        }

        [Test]
        public async Task Http_client_pipeline()
        {
            var proxy = await TestServers.GetSharedAsync("http-proxy");
            DocServers.Map("proxy:8080", proxy.HttpUri);
            var logs = new LogCapture();
            await using var provider = Services(HttpPipeline.Register, logs, new() { ["SocketIo:Chat:Transports"] = "polling" });
            var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");

            await client.ConnectAsync();

            Assert.That(logs.Messages, Has.Some.Match(@"^GET /socket\.io/$"), "the AuditHandler sees the polling requests");
            using var http = new HttpClient();
            var seen = await http.GetStringAsync(new Uri(proxy.HttpUri, "/__tusk/log"));
            Assert.That(seen, Does.Contain("/socket.io/?EIO=4"), "the polling requests went through the proxy");
        }

        [Test]
        public async Task Custom_transport_through_dependency_injection()
        {
            CountingTransportFactory? counter = null;
            await using var provider = Services(services => counter = Snippets.DependencyInjection.CustomTransport.Register(services));
            var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");

            await client.ConnectAsync();
            var reply = await client.EmitWithAckAsync<string>("echo", ["counted"], new SocketIoEmitOptions { Timeout = Timeout });

            Assert.That(reply, Is.EqualTo("counted"));
            Assert.That(client.TransportName, Is.EqualTo("counted"));
            Assert.That(counter!.PacketsSent, Is.GreaterThan(0));
            Assert.That(counter.PacketsReceived, Is.GreaterThan(0));
        }

        [Test]
        public async Task Several_clients()
        {
            await using var provider = Services(SeveralClients.Register);
            var factory = provider.GetRequiredService<ISocketIoClientFactory>();
            var chat = factory.GetClient("chat");
            var customPath = factory.GetClient("custom-path");

            await Task.WhenAll(chat.ConnectAsync(), customPath.ConnectAsync());
            var hi = await customPath.WaitAsync("hi", Timeout);

            Assert.That(hi, Is.Not.Null, "the server on /my/my.io greets its clients with \"hi\"");
            Assert.That(customPath.TransportName, Is.EqualTo("websocket"));
            Assert.That(chat.Options.Path, Is.EqualTo("/socket.io"));
        }

        [Test]
        public void Logging_configuration_filters_by_layer()
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(SnippetDirectory("DependencyInjection"), "logging.json")).Build();
            using var factory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new LogCapture()));

            Assert.That(factory.CreateLogger("Tusk.SocketIO.SocketIoClient").IsEnabled(LogLevel.Information), Is.True);
            Assert.That(factory.CreateLogger("Tusk.SocketIO.SocketIoClient").IsEnabled(LogLevel.Debug), Is.False);
            Assert.That(factory.CreateLogger("Tusk.EngineIO.EngineIoClient").IsEnabled(LogLevel.Information), Is.False);
            Assert.That(factory.CreateLogger("Tusk.EngineIO.EngineIoClient").IsEnabled(LogLevel.Warning), Is.True);
        }

        [Test]
        public async Task WebSocket_streaming_a_large_message()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await using var ws = await WebSocketClient.ConnectAsync(DocServers.At("ws://localhost:3000/echo"), cancellationToken: timeout.Token);

            var length = await Snippets.WebSocket.OnItsOwn.StreamAsync(ws, timeout.Token);

            Assert.That(length, Is.EqualTo(256 * 1024));
        }

        [Test]
        public async Task WebSocket_over_a_stream_upgraded_by_hand()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var server = DocServers.At("http://localhost:3000");
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
            var stream = tcp.GetStream();
            await UpgradeByHandAsync(stream, server, timeout.Token);

            var echo = await Snippets.WebSocket.OnItsOwn.EchoOverStreamAsync(stream, timeout.Token);

            Assert.That(echo, Is.EqualTo("over a stream of my own"));
        }

        [Test]
        public async Task Test_servers_from_csharp()
        {
            using var timeout = new CancellationTokenSource(Timeout);

            var (uri, version, shared) = await Snippets.Contributing.TestServersUsage.RunAsync(timeout.Token);

            Assert.That(uri.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(version, Does.StartWith("4."));
            Assert.That(shared.HasExited, Is.False);
        }

        [Test]
        public async Task Package_readme_engine_io()
        {
            var reply = await Snippets.Packages.EngineIoReadme.RunAsync().WaitAsync(Timeout);

            Assert.That(reply?.Text, Is.EqualTo("hello"));
        }

        [Test]
        public async Task Package_readme_polling()
        {
            var response = await Snippets.Packages.PollingReadme.RunAsync().WaitAsync(Timeout);

            Assert.That(Encoding.UTF8.GetString(response.Body.Span), Does.StartWith("0{\"sid\":"));
        }
    }

    private static string SnippetDirectory(string folder) => Path.Combine(AppContext.BaseDirectory, folder);

    // The services of the DI pages' snippets: the documented appsettings.json, pointed at the sample server.
    private static ServiceProvider Services(Action<IServiceCollection> register, LogCapture? logs = null, Dictionary<string, string?>? overrides = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(SnippetDirectory("DependencyInjection"), "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SocketIo:Chat:ServerUri"] = DocServers.At("http://localhost:3000").ToString() })
            .AddInMemoryCollection(overrides ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(logs ?? new LogCapture()));
        register(services);
        return services.BuildServiceProvider();
    }

    private static async Task UpgradeByHandAsync(NetworkStream stream, Uri server, CancellationToken cancellationToken)
    {
        var request = $"GET /echo HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException($"The server closed the connection during the upgrade: {head}");
            }

            head.Append((char)one[0]);
        }

        Assert.That(head.ToString(), Does.StartWith("HTTP/1.1 101"));
    }
}
