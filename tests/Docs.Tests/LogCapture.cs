using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tusk.Docs.Tests;

/// <summary>A logger provider that keeps the formatted messages (the docs tests log little) and can await one.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaited = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Messages => [.. _messages];

    /// <summary>Completes when a message equal to <paramref name="message"/> has been logged.</summary>
    public Task Logged(string message)
    {
        var awaited = _awaited.GetOrAdd(message, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_messages.Contains(message))
        {
            awaited.TrySetResult();
        }

        return awaited.Task;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        _messages.Enqueue(message);
        if (_awaited.TryGetValue(message, out var awaited))
        {
            awaited.TrySetResult();
        }
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(formatter(state, exception));
    }
}
