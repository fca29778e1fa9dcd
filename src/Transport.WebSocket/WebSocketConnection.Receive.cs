using System.Runtime.CompilerServices;
using Tusk.Transport.WebSocket.Connection;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    private static readonly WebSocketReceiveResult s_closeResult = new(WebSocketMessageKind.Close, 0, true);

    // The message being received: its kind, how much of the current frame is left, and whether that frame ends it.
    private bool _messageActive;
    private WebSocketMessageKind _messageKind;
    private bool _messageCompressed;
    private long _messageLength;
    private int _messageFragments;
    private long _frameRemaining;
    private bool _frameIsLast;
    private Utf8Validator _utf8;
    private volatile bool _closeReceived;

    // A decompressed message, handed out from here.
    private byte[]? _inflated;
    private int _inflatedOffset;
    private int _inflatedLength;

    /// <summary>Receives the next whole message into a pooled buffer. Dispose the message to return the buffer.</summary>
    /// <param name="cancellationToken">Cancels the wait; a cancelled receive aborts the connection, because a
    /// frame may be half read.</param>
    /// <returns>The message; its <see cref="WebSocketMessage.Kind"/> is <see cref="WebSocketMessageKind.Close"/> once
    /// the peer closed (then <see cref="CloseCode"/> and <see cref="CloseReason"/> are set).</returns>
    /// <exception cref="WebSocketProtocolException">The peer broke the protocol, a limit was exceeded, or the
    /// connection was lost.</exception>
    /// <exception cref="InvalidOperationException">Another receive is running.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        EnterReceive();
        try
        {
            var message = await ReceiveMessageCoreAsync(cancellationToken).ConfigureAwait(false);
            if (_metrics.MessagesReceived.Enabled || _metrics.BytesReceived.Enabled)
            {
                CountReceived(message.Kind, message.Data.Length, endOfMessage: true);
            }

            return message;
        }
        catch (Exception ex) when (ex is not WebSocketProtocolException)
        {
            throw await OnReceiveFailureAsync(ex, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _receiveGate.Release();
        }
    }

    /// <summary>Receives the next part of the current message into the caller's memory. Call it until
    /// <see cref="WebSocketReceiveResult.EndOfMessage"/> to stream a message of any size.</summary>
    /// <param name="buffer">Where to copy the bytes (an empty buffer only waits for the next message to start).</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled receive aborts the connection.</param>
    /// <returns>The kind, the byte count and whether the message is complete.</returns>
    /// <exception cref="WebSocketProtocolException">The peer broke the protocol, a limit was exceeded, or the
    /// connection was lost.</exception>
    /// <exception cref="InvalidOperationException">Another receive is running.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<WebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnterReceive();
        try
        {
            var result = await ReceiveChunkCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (_metrics.MessagesReceived.Enabled || _metrics.BytesReceived.Enabled)
            {
                CountReceived(result.Kind, result.Count, result.EndOfMessage);
            }

            return result;
        }
        catch (Exception ex) when (ex is not WebSocketProtocolException)
        {
            throw await OnReceiveFailureAsync(ex, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _receiveGate.Release();
        }
    }

    private void EnterReceive()
    {
        if (!_receiveGate.Wait(0))
        {
            throw new InvalidOperationException("Another receive is already running on this connection.");
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<WebSocketMessage> ReceiveMessageCoreAsync(CancellationToken cancellationToken)
    {
        var start = await ReceiveChunkCoreAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (start.Kind == WebSocketMessageKind.Close)
        {
            return RentMessage(WebSocketMessageKind.Close, [], 0, pooled: false);
        }

        var kind = start.Kind;
        if (start.EndOfMessage)
        {
            return RentMessage(kind, [], 0, pooled: false);
        }

        if (_inflated is { } inflated && _inflatedOffset == 0)
        {
            var inflatedLength = _inflatedLength;
            _inflated = null;
            _messageActive = false;
            return RentMessage(kind, inflated, inflatedLength, pooled: true);
        }

        // The rest of a decompressed message that a ReceiveAsync(Memory) call began to read is known exactly. Otherwise
        // the size comes from the frame's announced length, which a peer may announce and never send: at most 1 MiB is
        // taken up front (and never more than the largest message accepted); the buffer grows as the bytes arrive.
        var wanted = _inflated is not null
            ? _inflatedLength - _inflatedOffset
            : Math.Min(Math.Min(_frameIsLast ? _frameRemaining : Math.Max(_frameRemaining * 2, 4096), _maxMessageSize), BufferPool.MaxPooledLength);
        var buffer = BufferPool.Rent((int)wanted);
        var length = 0;
        var handedOut = false;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Never past the largest message accepted (a message cannot outgrow it), nor past the end of the
                    // last frame.
                    PooledArray.Grow(ref buffer, length, _frameIsLast
                        ? PooledArray.NextLength(length, length + _frameRemaining)
                        : Math.Min(length * 2L, Math.Max(_maxMessageSize, length)));
                }

                var part = await ReceiveChunkCoreAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (part.Kind == WebSocketMessageKind.Close)
                {
                    return RentMessage(WebSocketMessageKind.Close, [], 0, pooled: false);
                }

                length += part.Count;
                if (part.EndOfMessage)
                {
                    handedOut = true;
                    return RentMessage(kind, buffer, length, pooled: true);
                }
            }
        }
        finally
        {
            if (!handedOut)
            {
                BufferPool.Return(buffer);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<WebSocketReceiveResult> ReceiveChunkCoreAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_closeReceived)
        {
            return s_closeResult;
        }

        if (_terminal is { } terminal)
        {
            throw terminal;
        }

        if (_inflated is not null)
        {
            return ServeInflated(destination);
        }

        while (!_messageActive || (_frameRemaining == 0 && !_frameIsLast))
        {
            if (!await ReadNextDataFrameAsync(cancellationToken).ConfigureAwait(false))
            {
                return s_closeResult;
            }
        }

        if (_messageCompressed)
        {
            return await InflateMessageAsync(cancellationToken).ConfigureAwait(false) ? ServeInflated(destination) : s_closeResult;
        }

        var count = 0;
        if (_frameRemaining > 0 && !destination.IsEmpty)
        {
            var wanted = (int)Math.Min(destination.Length, _frameRemaining);
            count = await _reader.ReadPayloadAsync(destination[..wanted], cancellationToken).ConfigureAwait(false);
            _frameRemaining -= count;
            if (_messageKind == WebSocketMessageKind.Text && !_utf8.Append(destination.Span[..count]))
            {
                throw new ProtocolViolationException(WebSocketCloseCodes.InvalidPayloadData, "A text message is not valid UTF-8.");
            }
        }

        var end = _frameRemaining == 0 && _frameIsLast;
        if (end)
        {
            if (_messageKind == WebSocketMessageKind.Text && !_utf8.IsComplete)
            {
                throw new ProtocolViolationException(WebSocketCloseCodes.InvalidPayloadData, "A text message ends inside a UTF-8 sequence.");
            }

            _messageActive = false;
        }

        return new WebSocketReceiveResult(_messageKind, count, end);
    }

    /// <summary>Reads frame headers, handling control frames on the way, until a data frame starts.</summary>
    /// <returns><see langword="false"/> when the peer's close frame arrived instead.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadNextDataFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = await _reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EndOfStreamException("The connection ended without a close frame.");
            var code = FrameRules.Validate(header, _inflater is not null, _messageActive, out var error);
            if (code != 0)
            {
                throw new ProtocolViolationException(code, error!);
            }

            if (header.IsControl)
            {
                if (!await HandleControlFrameAsync(header, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }

            if ((WebSocketOpcode)header.Opcode != WebSocketOpcode.Continuation)
            {
                _messageActive = true;
                _messageKind = (WebSocketOpcode)header.Opcode == WebSocketOpcode.Text ? WebSocketMessageKind.Text : WebSocketMessageKind.Binary;
                _messageCompressed = header.Rsv1;
                _messageLength = 0;
                _messageFragments = 0;
                _utf8.Reset();
            }

            if (++_messageFragments > _maxFragments)
            {
                throw new ProtocolViolationException(WebSocketCloseCodes.MessageTooBig, $"A message arrives in more than {_maxFragments} fragments.");
            }

            _messageLength += header.PayloadLength;
            if (_messageLength > _maxMessageSize || _messageLength < 0)
            {
                throw new ProtocolViolationException(WebSocketCloseCodes.MessageTooBig, $"A message exceeds the maximum size of {_maxMessageSize} bytes.");
            }

            _frameRemaining = header.PayloadLength;
            _frameIsLast = header.Fin;
            return true;
        }
    }

    /// <returns><see langword="false"/> for a close frame.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> HandleControlFrameAsync(FrameHeader header, CancellationToken cancellationToken)
    {
        var length = (int)header.PayloadLength;
        if (!await _reader.EnsureAsync(length, cancellationToken).ConfigureAwait(false))
        {
            throw new EndOfStreamException("The connection ended inside a control frame.");
        }

        switch ((WebSocketOpcode)header.Opcode)
        {
            case WebSocketOpcode.Ping:
                if (!_writer.TryEnqueueControl(WebSocketOpcode.Pong, _reader.Peek(length)))
                {
                    Log.PongSkipped(_logger);
                }

                _reader.Consume(length);
                return true;
            case WebSocketOpcode.Pong:
                OnPingAnswered(_reader.Peek(length));
                _reader.Consume(length);
                OnPongReceived();
                return true;
            default:
                var invalid = ClosePayload.TryParse(_reader.Peek(length), out var closeCode, out var reason, out var error);
                _reader.Consume(length);
                if (invalid != 0)
                {
                    throw new ProtocolViolationException(invalid, error!);
                }

                OnCloseReceived(closeCode, reason);
                return false;
        }
    }

    /// <summary>Collects a compressed message's fragments, then inflates it within the size limit.</summary>
    /// <returns><see langword="false"/> when the peer's close frame arrived first.</returns>
    private async ValueTask<bool> InflateMessageAsync(CancellationToken cancellationToken)
    {
        // As for an uncompressed message: at most 1 MiB before the announced bytes arrive.
        var compressed = BufferPool.Rent((int)Math.Clamp(_frameRemaining, 256, BufferPool.MaxPooledLength));
        byte[]? output = null;
        var outputLength = 0;
        var handedOut = false;
        try
        {
            _inflater!.BeginMessage();
            while (true)
            {
                var length = 0;
                while (_frameRemaining > 0)
                {
                    if (length == compressed.Length)
                    {
                        PooledArray.Grow(ref compressed, length, PooledArray.NextLength(length, length + _frameRemaining));
                    }

                    var wanted = (int)Math.Min(compressed.Length - length, _frameRemaining);
                    var read = await _reader.ReadPayloadAsync(compressed.AsMemory(length, wanted), cancellationToken).ConfigureAwait(false);
                    length += read;
                    _frameRemaining -= read;
                }

                // Each frame is inflated and checked as it arrives, so invalid text fails before the message ends.
                var checkedUpTo = outputLength;
                bool fits;
                try
                {
                    fits = _inflater.InflateFrame(compressed.AsSpan(0, length), _frameIsLast, _maxMessageSize, ref output, ref outputLength);
                }
                catch (InvalidDataException ex)
                {
                    throw new ProtocolViolationException(WebSocketCloseCodes.InvalidPayloadData, "A compressed message is not valid DEFLATE data.", ex);
                }

                if (!fits)
                {
                    throw new ProtocolViolationException(WebSocketCloseCodes.MessageTooBig, $"A message inflates past the maximum size of {_maxMessageSize} bytes.");
                }

                if (_messageKind == WebSocketMessageKind.Text && !_utf8.Append(output.AsSpan(checkedUpTo, outputLength - checkedUpTo)))
                {
                    throw new ProtocolViolationException(WebSocketCloseCodes.InvalidPayloadData, "A text message is not valid UTF-8.");
                }

                if (_frameIsLast)
                {
                    break;
                }

                if (!await ReadNextDataFrameAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            if (_messageKind == WebSocketMessageKind.Text && !_utf8.IsComplete)
            {
                throw new ProtocolViolationException(WebSocketCloseCodes.InvalidPayloadData, "A text message ends inside a UTF-8 sequence.");
            }

            _inflated = output;
            _inflatedOffset = 0;
            _inflatedLength = outputLength;
            handedOut = true;
            return true;
        }
        finally
        {
            BufferPool.Return(compressed);
            if (!handedOut && output is not null)
            {
                BufferPool.Return(output);
            }
        }
    }

    private WebSocketReceiveResult ServeInflated(Memory<byte> destination)
    {
        var count = Math.Min(destination.Length, _inflatedLength - _inflatedOffset);
        _inflated.AsSpan(_inflatedOffset, count).CopyTo(destination.Span);
        _inflatedOffset += count;
        var end = _inflatedOffset == _inflatedLength;
        if (end)
        {
            ReturnInflated();
            _messageActive = false;
        }

        return new WebSocketReceiveResult(_messageKind, count, end);
    }

    private void ReturnInflated()
    {
        if (_inflated is { } inflated)
        {
            _inflated = null;
            BufferPool.Return(inflated);
        }
    }

    /// <summary>Turns whatever stopped a receive into the exception the caller sees, failing the connection
    /// with the right close code for a protocol violation.</summary>
    private async ValueTask<Exception> OnReceiveFailureAsync(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is ProtocolViolationException violation)
        {
            return await FailAsync(violation).ConfigureAwait(false);
        }

        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested && _terminal is null)
        {
            Log.ReceiveCancelled(_logger);
            Abort();
            return exception;
        }

        if (exception is InvalidOperationException && _terminal is null)
        {
            return exception;
        }

        lock (_stateLock)
        {
            SetTerminalLocked(new WebSocketProtocolException("The connection was lost without a close frame.", WebSocketCloseCodes.AbnormalClosure, exception));
        }

        Log.ConnectionLost(_logger, exception);
        ReleaseTransport();
        return _terminal!;
    }

    /// <summary>Fails the connection (RFC 6455 §7.1.7): sends a close frame with the violation's code if it can,
    /// within a short bound, then drops TCP without waiting for the peer.</summary>
    private async ValueTask<Exception> FailAsync(ProtocolViolationException violation)
    {
        var failure = new WebSocketProtocolException(violation.Message, violation.CloseCode, violation.InnerException);
        bool first;
        lock (_stateLock)
        {
            first = _terminal is null;
            SetTerminalLocked(failure);
        }

        if (!first)
        {
            return _terminal!;
        }

        Log.ProtocolViolation(_logger, violation.CloseCode, violation.Message);
        try
        {
            using var timeout = new CancellationTokenSource(_closeTimeout, _timeProvider);
            var reason = violation.Message.Length <= ClosePayload.MaxReasonBytes ? violation.Message : violation.Message[..ClosePayload.MaxReasonBytes];
            if (await _writer.EnqueueCloseAsync(violation.CloseCode, reason, timeout.Token).ConfigureAwait(false))
            {
                await _writer.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketProtocolException or InvalidOperationException)
        {
            Log.CloseFrameNotSent(_logger, ex);
        }

        ReleaseTransport();
        return failure;
    }
}
