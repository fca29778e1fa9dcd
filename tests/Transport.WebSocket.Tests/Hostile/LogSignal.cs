using Microsoft.Extensions.Logging;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>A logger factory that lets a test await the library's own record of an event (by its event name), for
/// moments nothing on the wire shows, such as the client having read a frame.</summary>
internal sealed class LogSignal(string eventName) : ILoggerFactory, ILogger
{
    private readonly TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Logged => _logged.Task;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name == eventName)
        {
            _logged.TrySetResult();
        }
    }
}
