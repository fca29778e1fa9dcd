using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// The session's state moves one logged step at a time (<c>StateChanged</c>, event 33): the whole life of a session,
/// a close before any connect, and a connect that fails.
/// </summary>
public sealed class StateTransitionTests
{
    private const string Handshake = """{"sid":"mem1","upgrades":[],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}""";

    private sealed class StateLog : ILoggerFactory, ILogger
    {
        private readonly ConcurrentQueue<string> _changes = new();

        public IReadOnlyCollection<string> Changes => _changes;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId is { Id: 33, Name: "StateChanged" })
            {
                _changes.Enqueue(formatter(state, exception));
            }
        }

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }

    private static (EngineIoClient Client, InMemoryTransport Transport, StateLog Log) Create()
    {
        var factory = new InMemoryTransportFactory();
        var transport = factory.Prepare("memory");
        var log = new StateLog();
        var client = new EngineIoClient(new Uri("http://in-memory.test"), new EngineIoClientOptions
        {
            Version = EngineIoVersion.V4,
            Transports = ["memory"],
            TransportFactory = factory,
            Connection = { LoggerFactory = log },
        });
        return (client, transport, log);
    }

    [Test]
    public async Task A_session_goes_through_every_state_once()
    {
        var (client, transport, log) = Create();
        transport.ServerOpens(Handshake);

        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        await client.CloseAsync().WaitAsync(TestTimeouts.Event);
        await client.DisposeAsync();

        Assert.That(log.Changes, Is.EqualTo(new[]
        {
            "State Created -> Connecting.", "State Connecting -> Open.", "State Open -> Closing.", "State Closing -> Closed.",
        }));
    }

    [Test]
    public async Task A_client_closed_before_connecting_goes_straight_to_closed_and_cannot_connect()
    {
        var (client, _, log) = Create();

        await client.CloseAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync());
        Assert.That(log.Changes, Is.EqualTo(new[] { "State Created -> Closed." }));
    }

    [Test]
    public async Task A_failed_connect_goes_from_connecting_to_closed()
    {
        var (client, transport, log) = Create();
        await using var _ = client;
        transport.OpenFailure = new EngineIoException("refused (in memory)");

        Assert.ThrowsAsync<EngineIoException>(() => client.ConnectAsync().WaitAsync(TestTimeouts.Event));

        Assert.That(log.Changes, Is.EqualTo(new[] { "State Created -> Connecting.", "State Connecting -> Closed." }));
        Assert.That(client.IsConnected, Is.False);
    }
}
