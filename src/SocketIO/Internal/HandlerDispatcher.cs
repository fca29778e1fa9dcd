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
    private readonly Channel<WorkItem> _queue;
    private readonly ILogger _logger;
    private readonly Task _runner;

    public HandlerDispatcher(ILogger logger, int capacity = 65536)
    {
        _logger = logger;
        _queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _runner = Task.Run(RunAsync);
    }

    /// <summary>Queues a callback; false if the queue is full (the callback is dropped and logged).</summary>
    public bool Post(Func<Task> callback) => Enqueue(new WorkItem(callback, null, null));

    /// <summary>Queues an event handler with its event, without a closure per call; false if the queue is full.</summary>
    public bool Post(Func<SocketIoEvent, Task> handler, SocketIoEvent received) => Enqueue(new WorkItem(null, handler, received));

    private bool Enqueue(WorkItem item)
    {
        if (_queue.Writer.TryWrite(item))
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
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Task pending;
            try
            {
                pending = item.Callback is { } callback ? callback() : item.Handler!(item.Event!);
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

    /// <summary>A queued callback, or an event handler and its event.</summary>
    private readonly record struct WorkItem(Func<Task>? Callback, Func<SocketIoEvent, Task>? Handler, SocketIoEvent? Event);
}
