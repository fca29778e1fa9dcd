using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>
/// Writes every log line of a client to the test progress output, tagged with the test's name. Enabled by setting
/// TUSK_LEGACY_LOG when a 0.9 test needs diagnosing.
/// </summary>
internal sealed class ProgressLoggerFactory : ILoggerFactory, ILogger
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        TestContext.Progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {TestContext.CurrentContext.Test.FullName} {formatter(state, exception)} {exception}");
}
