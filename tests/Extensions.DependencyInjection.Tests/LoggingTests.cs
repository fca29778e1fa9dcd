using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tusk.Extensions.DependencyInjection.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class LoggingTests
{
    [Test]
    public async Task ContainerLoggerFactory_ReachesEveryLayerWithItsOwnCategory()
    {
        var server = await Servers.DefaultAsync();
        var recorder = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(recorder));
        services.AddSocketIoClient("logged", o => Servers.PollingOnly(o, server));
        services.AddSocketIoClient("logged-ws", o =>
        {
            Servers.PollingOnly(o, server);
            o.Transports = ["websocket"];
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var factory = provider.GetRequiredService<ISocketIoClientFactory>();
            foreach (var client in new[] { factory.GetClient("logged"), factory.GetClient("logged-ws") })
            {
                await client.ConnectAsync().WaitAsync(Servers.Timeout);
                await client.EmitWithAckAsync<string>("ack-echo", "log me").WaitAsync(Servers.Timeout);
            }
        }

        Assert.That(recorder.Categories, Is.SupersetOf(new[]
        {
            "Tusk.Extensions.DependencyInjection.DefaultSocketIoClientFactory",
            "Tusk.SocketIO.SocketIoClient",
            "Tusk.EngineIO.EngineIoClient",
            "Tusk.EngineIO.Transports.PollingTransport",
            "Tusk.Transport.Polling.PollingChannel",
            "Tusk.EngineIO.Transports.WebSocketTransport",
            "Tusk.Transport.WebSocket.WebSocketClient",
            "Tusk.Transport.WebSocket.WebSocketConnection",
        }));
        Assert.That(recorder.Messages, Has.Some.EqualTo(
            ("Tusk.Extensions.DependencyInjection.DefaultSocketIoClientFactory", $"Created Socket.IO client 'logged' for {server.HttpUri}.")));
        Assert.That(recorder.Messages.Select(m => m.Category), Has.Some.StartsWith("Tusk.EngineIO."), "the Engine.IO layer logs through the container's factory");
    }

    [Test]
    public async Task NoSecretReachesTheContainerLog_FromAnyLayerOrTheHttpClientFactory()
    {
        var server = await Servers.DefaultAsync();
        var recorder = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(recorder));
        services.AddSocketIoClient("secret", o =>
        {
            Servers.PollingOnly(o, server);
            o.ServerUri = new Uri($"http://tuskuser:PASSWORD-1x@127.0.0.1:{server.Port}/?apikey=APIKEY-2x");
            o.Transports = ["polling", "websocket"];
            o.Upgrade = true;
            o.Query["token"] = "TOKEN-3x";
            o.ExtraHeaders["Authorization"] = "Bearer HEADER-5x";
            o.Auth = new Dictionary<string, string> { ["token"] = "AUTH-4x" };
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("secret");
            await client.ConnectAsync().WaitAsync(Servers.Timeout);
            await client.EmitWithAckAsync<string>("ack-echo", "log me").WaitAsync(Servers.Timeout);
        }

        Assert.That(recorder.Messages.Select(m => m.Message), Has.Some.Contains("apikey=***"));
        foreach (var secret in new[] { "PASSWORD-1x", "APIKEY-2x", "TOKEN-3x", "AUTH-4x", "HEADER-5x" })
        {
            Assert.That(recorder.Messages.Select(m => m.Message), Has.None.Contains(secret));
        }
    }

    [Test]
    public async Task Polling_through_IHttpClientFactory_does_not_log_every_request_at_information()
    {
        var server = await Servers.DefaultAsync();
        var recorder = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(recorder));
        services.AddSocketIoClient("polling", o => Servers.PollingOnly(o, server));
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("polling");
            await client.ConnectAsync().WaitAsync(Servers.Timeout);
            for (var i = 0; i < 5; i++)
            {
                await client.EmitWithAckAsync<string>("ack-echo", "poll " + i).WaitAsync(Servers.Timeout);
            }
        }

        // IHttpClientFactory's default loggers wrote four lines per request here (with the session's URL in each).
        Assert.That(recorder.Messages.Select(m => m.Category), Has.None.StartsWith("System.Net.Http.HttpClient"));
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, byte> _categories = new();
        private readonly ConcurrentQueue<(string Category, string Message)> _messages = new();

        public IReadOnlyCollection<string> Categories => [.. _categories.Keys];

        public IReadOnlyList<(string Category, string Message)> Messages => [.. _messages];

        public ILogger CreateLogger(string categoryName)
        {
            _categories.TryAdd(categoryName, 0);
            return new RecordingLogger(categoryName, _messages);
        }

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<(string Category, string Message)> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue((category, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception)));
    }
}
