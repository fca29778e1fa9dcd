namespace Tusk.EngineIO;

public sealed partial class EngineIoClient
{
    // How long the send loop waits for the transport to confirm a flush (a WebSocket pong) before it gives up on it and
    // goes on sending: a server that never answers must not stall the messages queued behind the flush for longer.
    private static readonly TimeSpan MaxFlushWait = TimeSpan.FromSeconds(5);

    // Messages queued so far, and how many of them a confirmed flush has covered (both under _sendOrder): a flush with
    // nothing new to cover (a second namespace leaving right after the first) costs no round trip.
    private long _messagesQueued;
    private long _messagesFlushed;

    /// <summary>
    /// Completes once the server has read every message queued before this call, so that a message queued after it
    /// reaches the server in a later read. Over polling that is when the request that carried them has been answered;
    /// over WebSocket, when the server has answered a ping frame sent after them. Thread-safe; messages queued
    /// meanwhile wait behind the flush.
    /// </summary>
    /// <remarks>
    /// A server that handles a message after the read that brought it, and forgets it if the connection was closed
    /// meanwhile, loses messages that arrive together with a close: socket.io 2.x to 4.x dispatch events on the next
    /// tick and drop those read with the client's disconnect (socketio/socket.io#5213). Flushing before such a message
    /// keeps the earlier ones. Waiting is bounded: the session gives up on a confirmation that has not come within 5
    /// seconds (or the request timeout, if shorter) and this then throws <see cref="TimeoutException"/>.
    /// </remarks>
    /// <param name="cancellationToken">Cancels waiting; the flush itself still happens in turn.</param>
    /// <returns>A task that completes when the server has read the messages.</returns>
    /// <exception cref="EngineIoException">The session has ended, or ended before the server confirmed.</exception>
    /// <exception cref="TimeoutException">The server did not confirm in time.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded();
        FlushRequest flushed;
        lock (_sendOrder)
        {
            if (_messagesQueued == _messagesFlushed)
            {
                return;
            }

            flushed = new FlushRequest(_messagesQueued);
            if (!_outgoing.Writer.TryWrite(new OutgoingPacket(flushed)))
            {
                ThrowIfEnded();
                throw new EngineIoException("The Engine.IO session is closing.");
            }

            _queued++;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            await flushed.Task.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not TimeoutException
            && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            ThrowIfEnded();
            throw new EngineIoException("The Engine.IO session ended before the server confirmed the flush.", exception);
        }
    }

    /// <summary>Asks the transport to confirm that the server has read what it sent, bounded; runs in the send loop, while
    /// it holds the send gate, so nothing is sent between the packets before the flush and the confirmation.</summary>
    private async Task ConfirmFlushAsync(Transports.IEngineIoTransport transport, FlushRequest flushed, CancellationToken token)
    {
        var bound = Options.RequestTimeout < MaxFlushWait ? Options.RequestTimeout : MaxFlushWait;
        using var timeout = new CancellationTokenSource(bound, _timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            await transport.FlushAsync(stop.Token).ConfigureAwait(false);
            lock (_sendOrder)
            {
                _messagesFlushed = Math.Max(_messagesFlushed, flushed.UpTo);
            }

            flushed.TrySetResult();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
        {
            Log.FlushTimedOut(_logger, transport.Name, bound.TotalMilliseconds);
            flushed.TrySetException(new TimeoutException(
                $"The server did not confirm within {bound.TotalMilliseconds} ms that it had read the messages sent over {transport.Name}; the session goes on."));
        }
        catch (Exception exception)
        {
            // The transport failed (the session ends through the send or receive that sees it) or the session is closing.
            flushed.TrySetException(exception);
        }
    }

    /// <summary>A flush waiting in the send queue, and how many messages had been queued when it was asked for.</summary>
    private sealed class FlushRequest(long upTo) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long UpTo { get; } = upTo;
    }
}
