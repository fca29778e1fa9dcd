using Microsoft.Extensions.Logging;

namespace Tusk.Cli.Output;

/// <summary>
/// <c>--verbose</c>: the library's log, one line per entry on standard error. The library's messages carry no payloads
/// and redacted URLs only, so nothing secret reaches the terminal through them.
/// </summary>
internal sealed class StderrLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;
    private readonly Lock _sync = new();

    public StderrLoggerProvider(TextWriter writer) => _writer = writer;

    public static ILoggerFactory CreateFactory(TextWriter writer) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new StderrLoggerProvider(writer)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, Shorten(categoryName));

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_sync)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    // Tusk.SocketIO.Internal.SocketIoManager -> SocketIoManager: the layer is in the message, the namespace is noise.
    private static string Shorten(string category) => category[(category.LastIndexOf('.') + 1)..];

    private sealed class Logger(StderrLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"[{DateTime.Now:HH:mm:ss.fff} {Level(logLevel)} {category}] {formatter(state, exception)}";
            if (exception is not null)
            {
                text += $" ({exception.GetType().Name}: {exception.Message})";
            }

            owner.Write(text);
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
