using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// Runs user callbacks off the receive loop, one at a time in arrival order (like the JS emitter): a handler's
/// synchronous part finishes before the next starts, while its awaits do not block the queue, so a handler that
/// awaits an ack or another event cannot deadlock. Exceptions are logged, never propagated.
/// </summary>
internal sealed partial class HandlerDispatcher : IAsyncDisposable
{
    private readonly Channel<Func<Task>> _queue;
    private readonly ILogger _logger;
    private readonly Task _runner;

    public HandlerDispatcher(ILogger logger, int capacity = 65536)
    {
        _logger = logger;
        _queue = Channel.CreateBounded<Func<Task>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _runner = Task.Run(RunAsync);
    }

    /// <summary>Queues a callback; false if the queue is full (the callback is dropped and logged).</summary>
    public bool Post(Func<Task> callback)
    {
        if (_queue.Writer.TryWrite(callback))
        {
            return true;
        }

        Log.QueueFull(_logger);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _runner.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var callback in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Task pending;
            try
            {
                pending = callback();
            }
            catch (Exception exception)
            {
                Log.HandlerFailed(_logger, exception);
                continue;
            }

            if (!pending.IsCompletedSuccessfully)
            {
                _ = ObserveAsync(pending);
            }
        }
    }

    private async Task ObserveAsync(Task pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, exception);
        }
    }
}
