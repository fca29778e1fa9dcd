using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>Keeps every log entry's event name and exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Name, Exception? Error)> _entries = new();

    public IReadOnlyCollection<(string Name, Exception? Error)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(string Name, Exception? Error)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((eventId.Name ?? string.Empty, exception));
    }
}
