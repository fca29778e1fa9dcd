using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// A socket.io 0.9 connection behind <see cref="ISocketIoSession"/>: translates packets and answers heartbeats and simple
/// acks itself. On WebSocket the session ends when nothing arrives within the server's heartbeat timeout; xhr-polling has
/// no heartbeats in 0.9 (the server ends every poll with a noop after its polling duration), so there each poll's own
/// timeout is the limit.
/// <para>What the server makes the client answer (heartbeats, simple acks) is bounded: at most one heartbeat reply waits
/// (one answers every heartbeat before it), and simple-ack replies waiting to be written may not exceed
/// <see cref="SocketIoClientOptions.SendBufferCapacity"/> packets or <see cref="MaxPendingReplyBytes"/> bytes (more
/// ends the session: the server sends faster than it reads). On WebSocket a write the server does not take within its
/// heartbeat timeout ends the session too (the server drops a client whose heartbeat reply is that late anyway), so a
/// server that stops reading cannot keep the session alive with its own traffic.</para>
/// </summary>
internal sealed partial class LegacySession : ISocketIoSession
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    /// <summary>The most bytes (UTF-16) of simple-ack replies that may wait to be written (a reply echoes its endpoint).</summary>
    internal const long MaxPendingReplyBytes = 1024 * 1024;

    private readonly LegacyHandshake _handshake;
    private readonly ILegacyTransport _transport;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<OutgoingBatchItem> _outgoing = Channel.CreateUnbounded<OutgoingBatchItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<SocketIoPacket> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _serverReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _writer;
    private readonly TimeSpan? _silenceLimit;
    private readonly int _replyCapacity;
    private readonly Lock _endLock = new();
    private SocketIoDisconnectReason? _endReason;
    private int _heartbeatReplyQueued;
    private int _pendingReplies;
    private long _pendingReplyBytes;
    private volatile bool _closedByClient;
    private long _keepAlives;
    private int _disposed;

    // replyCapacity: how many simple-ack replies may wait to be written (SocketIoClientOptions.SendBufferCapacity).
    public LegacySession(LegacyHandshake handshake, ILegacyTransport transport, ILogger logger, TimeProvider timeProvider, int replyCapacity = 1024)
    {
        _replyCapacity = Math.Max(1, replyCapacity);
        _handshake = handshake;
        _transport = transport;
        _logger = logger;
        _timeProvider = timeProvider;
        _silenceLimit = transport.Name == LegacyEndpoints.WebSocketTransport ? handshake.HeartbeatTimeout : null;
        _writer = Task.Run(WriteLoopAsync);
    }

    public SocketIoProtocol Protocol => SocketIoProtocol.V0_9;

    public string? SessionId => _handshake.SessionId;

    public string? TransportName => LegacyTransportNames.ToClient(_transport.Name);

    public LegacyHandshake Handshake => _handshake;

    public SocketIoDisconnectReason CloseReason => _endReason ?? SocketIoDisconnectReason.TransportClose;

    public Exception? CloseException { get; private set; }

    /// <summary>Content-free proofs of life received so far: heartbeats (answered) and the noops that end idle polls.</summary>
    public long KeepAliveCount => Interlocked.Read(ref _keepAlives);

    /// <summary>Raised after each heartbeat or noop, on the receiving thread (diagnostics and tests).</summary>
    public event EventHandler? KeepAliveReceived;

    /// <summary>Replies to the server (heartbeats and simple acks) queued and not yet taken by the writer (diagnostics and tests).</summary>
    internal int PendingReplies => Volatile.Read(ref _pendingReplies) + Volatile.Read(ref _heartbeatReplyQueued);

    public ValueTask SendAsync(SocketIoPacket packet, CancellationToken cancellationToken)
    {
        // Translation throws synchronously (e.g. binary attachments), before anything is queued.
        var legacy = LegacyPacketTranslator.FromSocketIo(packet);
        if (legacy is { Type: LegacyPacketType.Disconnect, Endpoint.Length: 0 })
        {
            // Leaving the default namespace is 0::, which ends the whole 0.9 connection: the server's echo must not
            // look like a server-side disconnect.
            _closedByClient = true;
        }

        return legacy is null ? ValueTask.CompletedTask : Enqueue(legacy, cancellationToken);
    }

    /// <summary>Queues a raw 0.9 packet (in order with <see cref="SendAsync"/>); completes once written.</summary>
    public ValueTask Enqueue(LegacyPacket packet, CancellationToken cancellationToken = default) =>
        Enqueue(new OutgoingBatchItem(LegacyPacketCodec.Encode(packet), ReplyKind.None), cancellationToken);

    private ValueTask Enqueue(OutgoingBatchItem item, CancellationToken cancellationToken)
    {
        if (!_outgoing.Writer.TryWrite(item))
        {
            return ValueTask.FromException(new SocketIoDisconnectedException(CloseReason, CloseException));
        }

        return cancellationToken.CanBeCanceled ? new ValueTask(item.Written.Task.WaitAsync(cancellationToken)) : new ValueTask(item.Written.Task);
    }

    public async ValueTask<SocketIoPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Checked first: a caller that cancelled may already have disposed the token's source.
            cancellationToken.ThrowIfCancellationRequested();
            if (_received.TryDequeue(out var ready))
            {
                return ready;
            }

            if (_endReason is not null)
            {
                return null;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                End(SocketIoDisconnectReason.ForcedClose, null);
                return null;
            }

            var batch = await ReceiveBatchAsync(cancellationToken).ConfigureAwait(false);
            if (batch is null)
            {
                continue;
            }

            foreach (var text in batch)
            {
                Process(text);
            }
        }
    }

    private async ValueTask<IReadOnlyList<string>?> ReceiveBatchAsync(CancellationToken cancellationToken)
    {
        using var silence = _silenceLimit is { } limit ? new CancellationTokenSource(limit, _timeProvider) : null;
        using var deadline = silence is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token, silence.Token);

        try
        {
            var batch = await _transport.ReceiveAsync(deadline.Token).ConfigureAwait(false);
            if (batch is null)
            {
                End(SocketIoDisconnectReason.TransportClose, null);
            }

            return batch;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            End(_closedByClient ? SocketIoDisconnectReason.ForcedClose : SocketIoDisconnectReason.TransportError, null);
            return null;
        }
        catch (OperationCanceledException)
        {
            Log.SilenceTimeout(_logger, _silenceLimit!.Value);
            End(SocketIoDisconnectReason.PingTimeout, new TimeoutException(
                $"The {LegacyPacketTranslator.ServerVersion} server sent nothing for {_silenceLimit!.Value.TotalSeconds:0.###} s (its heartbeat timeout)."));
            return null;
        }
        catch (SocketIoProtocolException exception)
        {
            End(SocketIoDisconnectReason.ParseError, exception);
            throw;
        }
        catch (Exception exception)
        {
            Log.TransportFailed(_logger, _transport.Name, exception);
            End(SocketIoDisconnectReason.TransportError, exception);
            return null;
        }
    }

    private void Process(string text)
    {
        LegacyPacket packet;
        SocketIoPacket? translated;
        try
        {
            packet = LegacyPacketCodec.Decode(text);
            translated = LegacyPacketTranslator.ToSocketIo(packet);
        }
        catch (SocketIoProtocolException exception)
        {
            End(SocketIoDisconnectReason.ParseError, exception);
            throw;
        }

        Log.PacketReceived(_logger, packet.Type, packet.Endpoint);
        _serverReady.TrySetResult();
        switch (packet.Type)
        {
            case LegacyPacketType.Heartbeat:
                // One queued reply answers every heartbeat before it: a server that sends heartbeats faster than it
                // reads the replies queues one, not one each.
                if (Interlocked.Exchange(ref _heartbeatReplyQueued, 1) == 0)
                {
                    _ = SendQuietlyAsync(new OutgoingBatchItem(LegacyPacketCodec.Encode(LegacyPacket.Heartbeat), ReplyKind.Heartbeat), packet.Type);
                }

                OnKeepAlive();
                return;
            case LegacyPacketType.Noop:
                OnKeepAlive();
                return;
            case LegacyPacketType.Error when packet.Endpoint.Length == 0:
                OnSessionError(LegacyError.Parse(packet.Data));
                return;
            case LegacyPacketType.Message or LegacyPacketType.Json or LegacyPacketType.Event when packet.Id is not null && !packet.AckWithData:
                // A "simple ack": the sender only wants to know the packet arrived.
                if (!TryQueueSimpleAck(packet))
                {
                    return;
                }

                break;
        }

        if (translated is not null)
        {
            _received.Enqueue(translated);
        }

        if (packet.Type == LegacyPacketType.Disconnect && packet.Endpoint.Length == 0)
        {
            // 0:: ends the whole connection, not only the default namespace.
            End(SocketIoDisconnectReason.IoServerDisconnect, null);
        }
    }

    private bool TryQueueSimpleAck(LegacyPacket request)
    {
        var item = new OutgoingBatchItem(LegacyPacketCodec.Encode(LegacyPacketTranslator.SimpleAck(request)), ReplyKind.SimpleAck);
        var count = Interlocked.Increment(ref _pendingReplies);
        var bytes = Interlocked.Add(ref _pendingReplyBytes, item.Bytes);
        if (count > _replyCapacity || bytes > MaxPendingReplyBytes)
        {
            Interlocked.Decrement(ref _pendingReplies);
            Interlocked.Add(ref _pendingReplyBytes, -item.Bytes);
            Log.RepliesOverflowed(_logger, count - 1, bytes - item.Bytes);
            End(SocketIoDisconnectReason.TransportError, new SocketIoException(
                $"The {LegacyPacketTranslator.ServerVersion} server asked for more simple-ack replies than it read: {count - 1} replies " +
                $"({bytes - item.Bytes} bytes) were waiting to be written (the limit is SendBufferCapacity = {_replyCapacity} replies and " +
                $"{MaxPendingReplyBytes} bytes). The server stopped reading or sends faster than it reads; the session was ended."));
            return false;
        }

        _ = SendQuietlyAsync(item, request.Type);
        return true;
    }

    private void OnKeepAlive()
    {
        Interlocked.Increment(ref _keepAlives);
        KeepAliveReceived?.Invoke(this, EventArgs.Empty);
    }

    private void OnSessionError(LegacyError error)
    {
        Log.ServerError(_logger, error.ToString());
        var exception = new SocketIoException($"The {LegacyPacketTranslator.ServerVersion} server reported an error: {error}.");

        // "client not handshaken" + reconnect: the session is gone on the server; a new handshake fixes it.
        End(error.AdvisesReconnect ? SocketIoDisconnectReason.TransportClose : SocketIoDisconnectReason.IoServerDisconnect, exception);
    }

    private void End(SocketIoDisconnectReason reason, Exception? exception)
    {
        // The reader and the writer (a write the server did not take in time) may both end the session.
        lock (_endLock)
        {
            if (_endReason is not null)
            {
                return;
            }

            CloseException ??= exception;
            _endReason = _closedByClient ? SocketIoDisconnectReason.ForcedClose : reason;
        }

        _outgoing.Writer.TryComplete();

        // Stops the writer too (a write the server does not take must not wait for the dispose); callbacks run elsewhere.
        _ = _stop.CancelAsync();
    }

    private async Task SendQuietlyAsync(OutgoingBatchItem item, LegacyPacketType type)
    {
        try
        {
            await Enqueue(item, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.ControlSendFailed(_logger, type, exception);
        }
    }

    // A reply leaves the bound once the writer took it: the batch it joins is written before the next one is taken.
    private void OnTaken(OutgoingBatchItem item)
    {
        switch (item.Reply)
        {
            case ReplyKind.Heartbeat:
                Volatile.Write(ref _heartbeatReplyQueued, 0);
                break;
            case ReplyKind.SimpleAck:
                Interlocked.Decrement(ref _pendingReplies);
                Interlocked.Add(ref _pendingReplyBytes, -item.Bytes);
                break;
        }
    }

    /// <summary>
    /// Writes one batch. On WebSocket the server must take it within its heartbeat timeout: a server that stopped reading
    /// would otherwise keep the session alive with its own heartbeats while the client's replies wait for ever.
    /// </summary>
    private async Task WriteBatchAsync(List<string> texts)
    {
        using var stall = _silenceLimit is { } limit ? new CancellationTokenSource(limit, _timeProvider) : null;
        using var deadline = stall is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, stall.Token);
        var token = deadline?.Token ?? _stop.Token;
        var send = _transport.SendAsync(texts, token);
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        var sending = send.AsTask();
        try
        {
            // A transport need not give up a write it has begun (a WebSocket frame half written cannot be taken back):
            // the session stops waiting for it, and disposing the transport ends it.
            await sending.WaitAsync(token).ConfigureAwait(false);
        }
        catch (Exception) when (stall is { IsCancellationRequested: true } && !_stop.IsCancellationRequested)
        {
            ObserveLater(sending);
            Log.WriteStalled(_logger, _silenceLimit!.Value);
            var timeout = new TimeoutException(
                $"The {LegacyPacketTranslator.ServerVersion} server took nothing the client wrote for {_silenceLimit!.Value.TotalSeconds:0.###} s (its " +
                "heartbeat timeout): it stopped reading. The session was ended.");
            End(SocketIoDisconnectReason.PingTimeout, timeout);
            throw timeout;
        }
        catch (OperationCanceledException) when (!sending.IsCompleted)
        {
            ObserveLater(sending);
            throw;
        }
    }

    private static void ObserveLater(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private async Task WriteLoopAsync()
    {
        var batch = new List<OutgoingBatchItem>();
        var texts = new List<string>();
        try
        {
            // 0.9 drops what a client sends before its transport is open (the first poll, or the WebSocket before
            // the server's 1::): hold everything until the server has spoken.
            await _serverReady.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
            while (await _outgoing.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                batch.Clear();
                texts.Clear();
                while (_outgoing.Reader.TryRead(out var item))
                {
                    OnTaken(item);
                    batch.Add(item);
                    texts.Add(item.Text);
                }

                try
                {
                    await WriteBatchAsync(texts).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    // Our own stop is not the caller's cancellation: report it as the disconnection it is.
                    // A transport failure reaches the sender as the disconnection it causes, never as the
                    // transport's own exception type.
                    var failure = exception is OperationCanceledException && _stop.IsCancellationRequested
                        ? new SocketIoDisconnectedException(CloseReason, CloseException)
                        : exception is TimeoutException && _endReason is { } ended
                        ? new SocketIoDisconnectedException(ended, exception)
                        : new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportError, exception);
                    foreach (var item in batch)
                    {
                        item.Written.TrySetException(failure);
                    }

                    throw;
                }

                foreach (var item in batch)
                {
                    item.Written.TrySetResult();
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            Log.TransportFailed(_logger, _transport.Name, exception);

            // Ends the session here: a reader that keeps receiving (a server that floods but does not read) would
            // never see the cancellation below.
            End(SocketIoDisconnectReason.TransportError, exception);

            // Wakes the reader if it waits for the transport.
            _outgoing.Writer.TryComplete(exception);
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            var closed = new SocketIoDisconnectedException(CloseReason, CloseException);
            while (_outgoing.Reader.TryRead(out var left))
            {
                OnTaken(left);
                left.Written.TrySetException(closed);
            }
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _closedByClient = true;
        try
        {
            // 0:: asks the server to drop the whole client at once instead of waiting for its close timeout (useless
            // before the server has spoken: it would drop the packet).
            if (_serverReady.Task.IsCompleted && _endReason is null)
            {
                await Enqueue(new LegacyPacket(LegacyPacketType.Disconnect), cancellationToken).ConfigureAwait(false);
            }

            await _transport.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketIoDisconnectedException)
        {
            // The session ended while saying goodbye (typically the server answering our 0:: first): closed either way.
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CloseFailed(_logger, exception);
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            await _stop.CancelAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _writer.WaitAsync(DisposeWait, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.WriterDidNotStop(_logger);
        }

        // _stop is not disposed: a CancellationTokenSource without a timer holds nothing, and CloseAsync or a late
        // ReceiveAsync may still touch it.
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    private enum ReplyKind
    {
        None,
        Heartbeat,
        SimpleAck,
    }

    private sealed class OutgoingBatchItem(string text, ReplyKind reply)
    {
        public string Text { get; } = text;

        public ReplyKind Reply { get; } = reply;

        public long Bytes => 2L * Text.Length;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
