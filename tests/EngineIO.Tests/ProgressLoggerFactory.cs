using Microsoft.Extensions.Logging;

namespace Tusk.EngineIO.Tests;

/// <summary>Writes log lines to NUnit's progress output, for diagnosing a failing test.</summary>
internal sealed class ProgressLoggerFactory : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new ProgressLogger(categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class ProgressLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            TestContext.Progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {category} {formatter(state, exception)} {exception?.Message}");
    }
}
