using Microsoft.Extensions.Logging;
using Tusk.Testing;
using Tusk.Transport.WebSocket.Handshake;

namespace Tusk.Transport.WebSocket.Tests.Interop;

/// <summary>
/// <see cref="WebSocketClientOptions.SocketCompletions"/> against the npm <c>ws</c> echo server: which connections get
/// inline socket completions. <see cref="SocketCompletionMode.Auto"/> gives them to the first few concurrent connections
/// and not to the next, takes a place back when a connection closes (so a process that opens and closes connections for
/// ever keeps getting them), and stays off while Trace logging is on; the explicit modes do what they say; a runtime
/// without the per-socket switch gets the thread pool in every mode. Each test counts on a gate of its own (the
/// process's gate is shared by every test running in parallel); the runtime switch behind it is the real one.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class SocketCompletionModeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Per-socket inline completions exist where the runtime's socket engine queues completions (Linux, macOS).
    private static bool Supported => !OperatingSystem.IsWindows();

    [Test]
    public void The_bare_connection_defaults_to_the_thread_pool_and_the_process_gate_to_four_auto_connections()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new WebSocketClientOptions().SocketCompletions, Is.EqualTo(SocketCompletionMode.ThreadPool));
            Assert.That(InlineCompletionGate.Shared.AutoLimit, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Auto_gives_the_first_connections_inline_completions_and_the_next_one_the_thread_pool_until_one_closes()
    {
        var gate = new InlineCompletionGate(autoLimit: 2, InlineCompletions.TryEnable);
        await using var first = await ConnectAsync(gate, SocketCompletionMode.Auto);
        await using var second = await ConnectAsync(gate, SocketCompletionMode.Auto);
        var third = await ConnectAsync(gate, SocketCompletionMode.Auto);

        Assert.Multiple(() =>
        {
            Assert.That((first.InlineSocketCompletions, second.InlineSocketCompletions), Is.EqualTo((Supported, Supported)));
            Assert.That(third.InlineSocketCompletions, Is.False, "past the limit");
            Assert.That(gate.InlineCount, Is.EqualTo(Supported ? 2 : 0));
        });
        await EchoAsync(third);
        await third.DisposeAsync();
        Assert.That(gate.InlineCount, Is.EqualTo(Supported ? 2 : 0), "a thread-pool connection held no place");

        // Closing an inline connection (the close handshake, before any dispose) gives its place back.
        await first.CloseAsync().WaitAsync(Patience);
        Assert.That(gate.InlineCount, Is.EqualTo(Supported ? 1 : 0));
        await using var fourth = await ConnectAsync(gate, SocketCompletionMode.Auto);
        Assert.That(fourth.InlineSocketCompletions, Is.EqualTo(Supported));
        await EchoAsync(fourth);
    }

    [Test]
    public async Task A_process_that_opens_and_closes_connections_for_ever_keeps_getting_inline_completions()
    {
        var gate = new InlineCompletionGate(autoLimit: 1, InlineCompletions.TryEnable);
        for (var i = 0; i < 25; i++)
        {
            var connection = await ConnectAsync(gate, SocketCompletionMode.Auto);
            Assert.That(connection.InlineSocketCompletions, Is.EqualTo(Supported), $"connection {i}");
            await EchoAsync(connection);

            // Every way a connection ends: the close handshake, disposal alone, an abort.
            switch (i % 3)
            {
                case 0:
                    await connection.CloseAsync().WaitAsync(Patience);
                    break;
                case 1:
                    await connection.DisposeAsync().AsTask().WaitAsync(Patience);
                    break;
                default:
                    connection.Abort();
                    break;
            }

            await connection.DisposeAsync().AsTask().WaitAsync(Patience);
            Assert.That(gate.InlineCount, Is.Zero, $"connection {i} gave its place back");
        }
    }

    [Test]
    public async Task A_refused_handshake_gives_the_place_back()
    {
        var gate = new InlineCompletionGate(autoLimit: 1, InlineCompletions.TryEnable);

        // engine.io answers a WebSocket upgrade without its query (no EIO, no transport) with 400.
        var engineIo = await TestServers.GetSharedAsync("engineio");
        var refused = new Uri(engineIo.WebSocketUri, "/engine.io/");
        var options = new WebSocketClientOptions { SocketCompletions = SocketCompletionMode.Auto, CompletionGate = gate };
        Assert.ThrowsAsync<WebSocketHandshakeException>(async () => await WebSocketClient.ConnectAsync(refused, options).WaitAsync(Patience));

        Assert.That(gate.InlineCount, Is.Zero);
        await using var next = await ConnectAsync(gate, SocketCompletionMode.Auto);
        Assert.That(next.InlineSocketCompletions, Is.EqualTo(Supported));
    }

    [Test]
    public async Task Inline_ignores_the_limit_and_counts_so_auto_gets_none_while_thread_pool_never_counts()
    {
        var gate = new InlineCompletionGate(autoLimit: 1, InlineCompletions.TryEnable);
        await using var pooled = await ConnectAsync(gate, SocketCompletionMode.ThreadPool);
        Assert.That((pooled.InlineSocketCompletions, gate.InlineCount), Is.EqualTo((false, 0)));

        await using var inline1 = await ConnectAsync(gate, SocketCompletionMode.Inline);
        await using var inline2 = await ConnectAsync(gate, SocketCompletionMode.Inline);
        await using var auto = await ConnectAsync(gate, SocketCompletionMode.Auto);

        Assert.Multiple(() =>
        {
            Assert.That((inline1.InlineSocketCompletions, inline2.InlineSocketCompletions), Is.EqualTo((Supported, Supported)));
            Assert.That(auto.InlineSocketCompletions, Is.False, "the inline connections fill the limit");
            Assert.That(gate.InlineCount, Is.EqualTo(Supported ? 2 : 0));
        });
        await EchoAsync(inline2);
        await EchoAsync(auto);
    }

    [TestCase(LogLevel.Trace, false)]
    [TestCase(LogLevel.Debug, true)]
    public async Task Auto_keeps_trace_logging_off_the_socket_thread(LogLevel minimum, bool inline)
    {
        var gate = new InlineCompletionGate(autoLimit: 4, InlineCompletions.TryEnable);
        using var loggers = new LevelLoggerFactory(minimum);
        await using var auto = await ConnectAsync(gate, SocketCompletionMode.Auto, loggers);
        await using var explicitInline = await ConnectAsync(gate, SocketCompletionMode.Inline, loggers);

        Assert.Multiple(() =>
        {
            Assert.That(auto.InlineSocketCompletions, Is.EqualTo(inline && Supported));
            Assert.That(explicitInline.InlineSocketCompletions, Is.EqualTo(Supported), "Inline insists");
        });
        await EchoAsync(auto);
    }

    [Test]
    public async Task A_runtime_without_the_switch_completes_on_the_thread_pool_in_every_mode_and_says_so_when_asked()
    {
        var gate = new InlineCompletionGate(autoLimit: 4, static _ => false);
        using var loggers = new LevelLoggerFactory(LogLevel.Information);
        foreach (var mode in new[] { SocketCompletionMode.Auto, SocketCompletionMode.Inline, SocketCompletionMode.ThreadPool })
        {
            await using var connection = await ConnectAsync(gate, mode, loggers);
            Assert.That(connection.InlineSocketCompletions, Is.False, mode.ToString());
            await EchoAsync(connection);

            // A receive that waits resumes on a thread-pool thread.
            var receiving = ReceiveOnAsync(connection);
            Assert.That(receiving.IsCompleted, Is.False);
            await connection.SendTextAsync("where");
            Assert.That(await receiving.WaitAsync(Patience), Is.True, mode.ToString());
        }

        Assert.Multiple(() =>
        {
            Assert.That(gate.InlineCount, Is.Zero);
            Assert.That(loggers.EventNames.Count(n => n == "InlineCompletionsUnavailable"), Is.EqualTo(1), "logged for Inline only");
        });
    }

    private static async Task<bool> ReceiveOnAsync(WebSocketConnection connection)
    {
        using var message = await connection.ReceiveAsync().ConfigureAwait(false);
        return Thread.CurrentThread.IsThreadPoolThread;
    }

    private static async Task EchoAsync(WebSocketConnection connection)
    {
        await connection.SendTextAsync("ping").AsTask().WaitAsync(Patience);
        using var echo = await connection.ReceiveAsync().AsTask().WaitAsync(Patience);
        Assert.That(echo.GetText(), Is.EqualTo("ping"));
    }

    private static async Task<WebSocketConnection> ConnectAsync(InlineCompletionGate gate, SocketCompletionMode mode, ILoggerFactory? loggers = null)
    {
        var server = await TestServers.GetSharedAsync("ws-echo", new { perMessageDeflate = false });
        var options = new WebSocketClientOptions
        {
            CloseTimeout = TimeSpan.FromSeconds(5),
            SocketCompletions = mode,
            CompletionGate = gate,
            LoggerFactory = loggers,
        };
        return await WebSocketClient.ConnectAsync(server.WebSocketUri, options).WaitAsync(Patience);
    }

    /// <summary>Loggers enabled from one level up, recording the event names logged.</summary>
    private sealed class LevelLoggerFactory(LogLevel minimum) : ILoggerFactory, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _events = new();

        public IReadOnlyCollection<string> EventNames => _events;

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && eventId.Name is { } name)
            {
                _events.Enqueue(name);
            }
        }
    }
}
