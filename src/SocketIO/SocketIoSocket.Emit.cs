using Tusk.SocketIO.Diagnostics;
using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO;

public partial class SocketIoSocket
{
    private static readonly HashSet<string> ReservedEvents = new(StringComparer.Ordinal)
    {
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    };

    private readonly Queue<PendingEmit> _sendBuffer = new();
    // Never disposed (CA1001 is suppressed on the class): only WaitAsync and Release are used, so it never creates the
    // wait handle that disposal would free, and a socket lives as long as its client.
    private readonly SemaphoreSlim _retryQueue = new(1, 1);

    private static void ValidateEmit(string eventName, object?[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(arguments);
        if (ReservedEvents.Contains(eventName))
        {
            throw new ArgumentException($"'{eventName}' is a reserved event name.", nameof(eventName));
        }
    }

    // Not async: an emit whose send is queued at once (the usual case) completes without allocating a task.
    private Task EmitCoreAsync(string eventName, object?[] arguments, long? ackId, SocketIoEmitOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            ObjectDisposedException.ThrowIf(Manager.IsDisposed, typeof(SocketIoClient));
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken);
            }

            var isVolatile = options?.Volatile == true;
            var serialized = Manager.Json.SerializeArguments(eventName, arguments, HeaderRoom(ackId));
            var packet = new SocketIoPacket
            {
                Type = SocketIoPacketType.Event,
                Namespace = Namespace,
                Id = ackId,
                PayloadUtf8 = serialized.Utf8,
                Attachments = serialized.Attachments,
                Compress = options?.Compress ?? true,
                HeaderRoom = serialized.HeaderRoom, // last: setting any other property clears it
            };

            ValueTask send;
            ISocketIoSession? session;
            lock (_sync)
            {
                session = Manager.CurrentSession;
                if (_state != SocketState.Connected || session is null)
                {
                    return EmitOfflineLocked(packet, eventName, arguments, isVolatile, lost: null);
                }

                try
                {
                    send = session.SendAsync(packet, cancellationToken);
                }
                catch (SocketIoDisconnectedException lost)
                {
                    // The connection died and the receive loop has not told this socket yet: the emit is handled as
                    // if the disconnect had been seen (buffered for the reconnection, or dropped when volatile).
                    return EmitOfflineLocked(packet, eventName, arguments, isVolatile, lost);
                }

                if (ackId is { } id)
                {
                    _acks.MarkSent(id);
                }
            }

            if (Manager.Metrics.MessagesSent.Enabled)
            {
                CountMessage(Manager.Metrics.MessagesSent, Diagnostics.SocketIoTags.EventPacket, eventName);
            }

            if (_outgoing.HasHandlers(string.Empty))
            {
                NotifyOutgoing(new SocketIoOutgoingEvent(Namespace, eventName, arguments));
            }

            if (send.IsCompletedSuccessfully)
            {
                send.GetAwaiter().GetResult();
                return Task.CompletedTask;
            }

            return AwaitSendAsync(send, session);
        }
        catch (OperationCanceledException exception)
        {
            return Task.FromCanceled(exception.CancellationToken.IsCancellationRequested ? exception.CancellationToken : new CancellationToken(canceled: true));
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    /// <summary>An emit while disconnected (or on a connection that just died, <paramref name="lost"/>): a volatile one
    /// is dropped, any other buffered until the next connection. Caller holds <c>_sync</c>.</summary>
    /// <exception cref="InvalidOperationException">The send buffer is full (while known to be disconnected).</exception>
    /// <exception cref="SocketIoDisconnectedException">The send buffer is full and the connection just died.</exception>
    private Task EmitOfflineLocked(SocketIoPacket packet, string eventName, object?[] arguments, bool isVolatile, SocketIoDisconnectedException? lost)
    {
        if (isVolatile)
        {
            Log.VolatileDropped(Manager.Logger, Namespace, eventName);
            return Task.CompletedTask;
        }

        if (_sendBuffer.Count >= Manager.Options.SendBufferCapacity)
        {
            var message = $"The send buffer of namespace '{Namespace}' is full ({Manager.Options.SendBufferCapacity} emits waiting for a connection).";
            throw lost is null
                ? new InvalidOperationException(message)
                : new SocketIoDisconnectedException("The connection was lost and " + char.ToLowerInvariant(message[0]) + message[1..], lost);
        }

        _sendBuffer.Enqueue(new PendingEmit(packet, new SocketIoOutgoingEvent(Namespace, eventName, arguments)));
        if (Manager.Metrics.BufferedEmits.Enabled)
        {
            Manager.Metrics.BufferedEmits.Add(1, _namespaceTag);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for a send; a failure caused by the connection closing is reported by the disconnect, not here.</summary>
    private async Task AwaitSendAsync(ValueTask send, ISocketIoSession session)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (Manager.CurrentSession == session)
            {
                throw new SocketIoDisconnectedException("Sending failed: " + exception.Message, exception);
            }

            Log.SendLost(Manager.Logger, Namespace, exception);
        }
    }

    private Task<SocketIoAck> EmitWithAckCoreAsync(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken)
    {
        var timeout = options?.Timeout ?? Manager.Options.AckTimeout;
        var retries = timeout is null ? 0 : Math.Max(0, options?.Retries ?? Manager.Options.Retries);

        // Without retries the attempt is the whole operation: no second state machine around it.
        return retries == 0
            ? AttemptAsync(eventName, arguments, timeout, options, 1, cancellationToken)
            : EmitWithRetriesAsync(eventName, arguments, timeout, retries, options, cancellationToken);
    }

    private async Task<SocketIoAck> EmitWithRetriesAsync(string eventName, object?[] arguments, TimeSpan? timeout, int retries, SocketIoEmitOptions? options, CancellationToken cancellationToken)
    {
        // With retries, packets go out one at a time so the server sees them in emit order (JS client semantics).
        await _retryQueue.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await AttemptAsync(eventName, arguments, timeout, options, attempt, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketIoAckTimeoutException) when (attempt <= retries)
                {
                    Log.Retrying(Manager.Logger, Namespace, eventName, attempt);
                }
                catch (SocketIoDisconnectedException) when (attempt <= retries && _active)
                {
                    Log.Retrying(Manager.Logger, Namespace, eventName, attempt);
                }
            }
        }
        finally
        {
            _retryQueue.Release();
        }
    }

    // Observed only while someone listens: the attempt nobody observes is the plain state machine, with no locals (and
    // no bytes in its box) for an activity or a start time.
    private Task<SocketIoAck> AttemptAsync(string eventName, object?[] arguments, TimeSpan? timeout, SocketIoEmitOptions? options, int attempt, CancellationToken cancellationToken)
    {
        var id = _acks.NextId();
        var metrics = Manager.Metrics;
        return SocketIoActivities.Source.HasListeners() || metrics.AckDuration.Enabled || metrics.AckTimeouts.Enabled
            ? ObservedAttemptAsync(id, eventName, arguments, timeout, options, attempt, cancellationToken)
            : AttemptCoreAsync(id, eventName, arguments, timeout, options, attempt, cancellationToken);
    }

    private async Task<SocketIoAck> ObservedAttemptAsync(long id, string eventName, object?[] arguments, TimeSpan? timeout, SocketIoEmitOptions? options, int attempt, CancellationToken cancellationToken)
    {
        var activity = StartEmitActivity(eventName, id, attempt);
        var started = Manager.Options.TimeProvider.GetTimestamp();
        try
        {
            var result = await AttemptCoreAsync(id, eventName, arguments, timeout, options, attempt, cancellationToken).ConfigureAwait(false);
            EndAckObservation(activity, started, error: null);
            return result;
        }
        catch (Exception exception)
        {
            EndAckObservation(activity, started, exception);
            throw;
        }
    }

    private Task<SocketIoAck> AttemptCoreAsync(long id, string eventName, object?[] arguments, TimeSpan? timeout, SocketIoEmitOptions? options, int attempt, CancellationToken cancellationToken)
    {
        // The table times the ack out on its one timer when it can (then as a SocketIoAckTimeoutException), and fails it
        // by the socket's rules (its packet leaves the send buffer first), so the usual attempt needs no state machine
        // of its own: the caller awaits the pending ack's task (issue 21, the bytes and work per ack). An attempt that
        // must time itself out or watch a token, or an ack that already left the table (failed while the emit ran: its
        // packet may have been buffered after) is awaited.
        var (ack, timedByTable) = _acks.RegisterEmit(id, timeout, eventName, attempt);
        var emit = EmitCoreAsync(eventName, arguments, id, options, cancellationToken);
        if ((timeout is null || timedByTable) && !cancellationToken.CanBeCanceled && !ack.Taken)
        {
            if (!emit.IsCompletedSuccessfully)
            {
                // An emit still sending (or failed): the caller awaits the pending ack all the same, so that its code
                // resumes in the answers' arrival order (AckCompletionQueue) even when the answer comes before the send
                // has returned. Awaiting the send first resumed it where the send returned, after answers that came
                // later (seen in AckCompletionTests). A failed send fails the ack with its exception, as awaiting the
                // send did; that is all there is to undo, because a packet is only ever buffered before EmitCoreAsync
                // returns (an ack failed by then took the awaited path below).
                _ = emit.ContinueWith(
                    static (sent, state) =>
                    {
                        var (socket, sentId) = ((SocketIoSocket, long))state!;
                        socket._acks.Fail(sentId, sent.IsCanceled ? new TaskCanceledException(sent) : sent.Exception!.InnerException!);
                    },
                    (this, id),
                    CancellationToken.None,
                    TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return ack.Task;
        }

        return AwaitAttemptAsync(id, eventName, emit, ack.Task, timeout, timedByTable, attempt, cancellationToken);
    }

    private async Task<SocketIoAck> AwaitAttemptAsync(long id, string eventName, Task emit, Task<SocketIoAck> ack, TimeSpan? timeout, bool timedByTable, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await emit.ConfigureAwait(false);
            return timeout is { } limit && !timedByTable
                ? await ack.WaitAsync(limit, Manager.Options.TimeProvider, cancellationToken).ConfigureAwait(false)
                : await ack.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (timeout is { } limit && !timedByTable)
        {
            // This attempt's own timer (the table's timeouts arrive as SocketIoAckTimeoutException). An emit made while
            // offline waits in the send buffer: if it is still there, the server never had a chance to answer, and the
            // user must hear that rather than "no acknowledgement".
            var neverSent = Forget(id);
            throw new SocketIoAckTimeoutException(eventName, limit, attempt, wasSent: !neverSent);
        }
        catch
        {
            Forget(id);
            throw;
        }
    }

    /// <summary>
    /// Drops a pending ack and, if its packet is still buffered, the packet (JS: a timed-out emit is not sent later).
    /// </summary>
    /// <returns>Whether the packet was still in the send buffer, i.e. never sent.</returns>
    private bool Forget(long id)
    {
        _acks.Remove(id);
        return DropBuffered(id);
    }

    /// <summary>Removes the packet of ack <paramref name="id"/> from the send buffer, if it waits there.</summary>
    /// <returns>Whether it was there (never sent).</returns>
    private bool DropBuffered(long id)
    {
        lock (_sync)
        {
            if (!_sendBuffer.Any(p => p.Packet.Id == id))
            {
                return false;
            }

            var remaining = _sendBuffer.Where(p => p.Packet.Id != id).ToList();
            _sendBuffer.Clear();
            foreach (var pending in remaining)
            {
                _sendBuffer.Enqueue(pending);
            }

            return true;
        }
    }

    /// <summary>Starts sending every buffered emit, in order, before the socket is seen as connected. Caller holds <c>_sync</c>.</summary>
    private List<PendingEmit> FlushSendBufferLocked(ISocketIoSession? session)
    {
        var flushed = new List<PendingEmit>(_sendBuffer.Count);
        if (session is null)
        {
            return flushed;
        }

        while (_sendBuffer.TryPeek(out var pending))
        {
            ValueTask send;
            try
            {
                send = session.SendAsync(pending.Packet, CancellationToken.None);
            }
            catch (SocketIoDisconnectedException)
            {
                // The connection died as it opened: the rest stays buffered for the next one.
                break;
            }
            catch (SocketIoPayloadTooLargeException tooLarge)
            {
                // Buffered while offline, too large for this server: dropped, and its ack (if any) fails with the reason.
                _sendBuffer.Dequeue();
                if (pending.Packet.Id is { } tooLargeId)
                {
                    _acks.Fail(tooLargeId, tooLarge);
                }

                Log.SendLost(Manager.Logger, Namespace, tooLarge);
                continue;
            }

            _sendBuffer.Dequeue();
            if (pending.Packet.Id is { } id)
            {
                _acks.MarkSent(id);
            }

            if (Manager.Metrics.MessagesSent.Enabled)
            {
                CountMessage(Manager.Metrics.MessagesSent, Diagnostics.SocketIoTags.EventPacket, pending.Outgoing.Name);
            }

            _ = AwaitSendAsync(send, session).ContinueWith(
                static (t, state) => Log.SendLost(((SocketIoSocket)state!).Manager.Logger, ((SocketIoSocket)state!).Namespace, t.Exception!),
                this,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            flushed.Add(pending);
        }

        return flushed;
    }

    private void NotifyOutgoing(List<PendingEmit> flushed)
    {
        foreach (var pending in flushed)
        {
            NotifyOutgoing(pending.Outgoing);
        }
    }

    private void NotifyOutgoing(SocketIoOutgoingEvent outgoing)
    {
        var listeners = _outgoing.Resolve(string.Empty);
        for (var i = 0; i < listeners.Count; i++)
        {
            try
            {
                _ = listeners[i](outgoing);
            }
            catch (Exception exception)
            {
                Log.OutgoingListenerFailed(Manager.Logger, Namespace, exception);
            }
        }
    }

    /// <summary>Answers an ack request of the server.</summary>
    private async Task SendAckAsync(long id, object?[] arguments, CancellationToken cancellationToken)
    {
        // Protocol v3 writes an attachment count on every ACK: room for it too.
        var serialized = Manager.Json.SerializeArguments(null, arguments, HeaderRoom(id) + SocketIoJson.AttachmentCountRoom);
        var session = Manager.CurrentSession
            ?? throw new SocketIoDisconnectedException("Cannot acknowledge: the socket is disconnected.");
        var packet = new SocketIoPacket
        {
            Type = SocketIoPacketType.Ack,
            Namespace = Namespace,
            Id = id,
            PayloadUtf8 = serialized.Utf8,
            Attachments = serialized.Attachments,
            HeaderRoom = serialized.HeaderRoom, // last: setting any other property clears it
        };
        await AwaitSendAsync(session.SendAsync(packet, cancellationToken), session).ConfigureAwait(false);
        if (Manager.Metrics.MessagesSent.Enabled)
        {
            CountMessage(Manager.Metrics.MessagesSent, Diagnostics.SocketIoTags.AckPacket, eventName: null);
        }
    }

    /// <summary>The bytes of this socket's packet header without an attachment count: the type digit, the namespace
    /// and its comma (other than <c>/</c>), and the ack id's digits.</summary>
    private int HeaderRoom(long? ackId) =>
        1 + _namespaceHeaderBytes + (ackId is { } id ? (id < 0 ? 20 : CountDigits((ulong)id)) : 0);

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private static string CheckName(string eventName)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return eventName;
    }

    private static Func<T, Task> CheckHandler<T>(Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return handler;
    }

    private static Func<T, Task> Wrap<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return value =>
        {
            handler(value);
            return Task.CompletedTask;
        };
    }
}
