using Tusk.EngineIO.Diagnostics;
using System.Text;
using Tusk.EngineIO.Transports;
using Tusk.Internal;

namespace Tusk.EngineIO;

public sealed partial class EngineIoClient
{
    // Guards the choice between sending inline and queuing, so a message never overtakes one queued before it.
    private readonly Lock _sendOrder = new();

    // Only the holder of _sendGate touches it: the one-packet list handed to the transport by an inline send.
    private readonly EngineIoPacket[] _inlinePacket = new EngineIoPacket[1];

    // A send after a quiet spell of this length (1 ms, in timestamp units of the session's clock) is not part of a burst.
    // FrameWriter (Transport.WebSocket) has its own burst test, which asks something else (whether the socket is still
    // busy: 5 µs since its last write ended); why the two stay apart is written there.
    private readonly long _quietSpell;

    // Whether a message arrived since the last send (a send then is a reply, not part of a burst), and when the last
    // send was asked for.
    private volatile bool _receivedSinceSend = true;
    private long _lastSendTimestamp;

    // The server's maxPayload from the handshake (revision 4), long.MaxValue without one.
    private long _maxPayload = long.MaxValue;

    // True while the send loop holds packets it took from the queue but has not handed to the transport yet.
    private bool _loopHoldsBatch;

    // Packets in _outgoing, counted under _sendOrder where they are written and taken: whether the queue is empty is
    // then a field of this object, not a lock of the channel's (an inline send asks it every time).
    private int _queued;

    // 1 from the start of an inline send until either its caller or its end (EndInlineSend) claims it, whichever comes
    // first. The caller claims it when the transport took the message before the send returned (the usual case over
    // WebSocket): the message then never needed a slot of _sendSlots, and neither side touches the semaphore. When the
    // end claims it, the send went on in the background: the caller takes a slot as a queued message does, and the end
    // of the send gives it back.
    private int _inlineUnclaimed;

    // A message that finds the session idle (nothing queued, no send running, no upgrade pausing it) and is not part of
    // a burst (it answers a received message, or follows a quiet spell) goes to the transport on the caller's thread:
    // the send loop would cost a thread hand-off per message. A burst goes through the loop instead, so its messages
    // leave together while the caller keeps queuing. Otherwise a message joins the
    // queue at once, so concurrent callers keep their call order even when the queue is full; the caller then waits
    // for room (backpressure) only if the queue holds more than SendBufferCapacity messages.
    /// <summary>
    /// Checks that a text message fits the server's <c>maxPayload</c> on the current transport (revision 4 servers
    /// announce it; without it every message fits). <see cref="SendAsync(string, CancellationToken)"/> makes the same
    /// check; call this to check several messages that must go together before queuing any of them.
    /// </summary>
    /// <param name="text">The message.</param>
    /// <exception cref="EngineIoPayloadTooLargeException">The message is larger than the server accepts.</exception>
    public void EnsureFitsMaxPayload(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureFits(EngineIoPacket.Message(text));
    }

    /// <summary>Checks that a binary message fits the server's <c>maxPayload</c> on the current transport (see
    /// <see cref="EnsureFitsMaxPayload(string)"/>); over polling a binary message travels as base64.</summary>
    /// <param name="binary">The message.</param>
    /// <exception cref="EngineIoPayloadTooLargeException">The message is larger than the server accepts.</exception>
    public void EnsureFitsMaxPayload(ReadOnlyMemory<byte> binary) => EnsureFits(EngineIoPacket.Message(binary));

    /// <summary>Checks that a message, text (as a string or as UTF-8) or binary, fits the server's <c>maxPayload</c> on
    /// the current transport (see <see cref="EnsureFitsMaxPayload(string)"/>); a UTF-8 text message is measured without
    /// decoding it.</summary>
    /// <param name="message">The message.</param>
    /// <exception cref="EngineIoPayloadTooLargeException">The message is larger than the server accepts.</exception>
    public void EnsureFitsMaxPayload(EngineIoMessage message) => EnsureFits(
        message.IsBinary ? EngineIoPacket.Message(message.Binary)
        : message.TryGetUtf8Text(out var utf8) ? EngineIoPacket.FromUtf8(EngineIoPacketType.Message, utf8)
        : EngineIoPacket.Message(message.Text ?? string.Empty));

    // The server drops the whole connection for a message over its maxPayload (HTTP 413 over polling, close 1009 over
    // WebSocket), so such a message is refused here, before it is queued, and the session stays open.
    private void EnsureFits(in EngineIoPacket packet)
    {
        // The handshake's maxPayload, kept in a field of this object: every message is checked, and the transport
        // context is otherwise not touched on the way out.
        var limit = _maxPayload;
        if (limit == long.MaxValue)
        {
            return;
        }

        long size;
        if (packet.IsBinary)
        {
            // Polling carries binary as "b" + base64; WebSocket (revision 4) as the raw bytes.
            var length = (long)packet.Binary.Length;
            size = TransportName is null or EngineIoTransportNames.Polling ? 1 + ((length + 2) / 3 * 4) : length;
        }
        else
        {
            // The type digit and the UTF-8 text; the exact count only when the quick bound (3 bytes a char) is too big.
            if (packet.TryGetUtf8Text(out var utf8))
            {
                size = 1 + utf8.Length;
            }
            else
            {
                var text = packet.Text ?? string.Empty;
                size = 1 + ((3L * text.Length) + 1 <= limit ? text.Length : Encoding.UTF8.GetByteCount(text));
            }
        }

        if (size > limit)
        {
            // The transport's name is looked up only here: a text message measures the same on both transports.
            throw new EngineIoPayloadTooLargeException(size, limit, TransportName ?? EngineIoTransportNames.Polling);
        }
    }

    // Revision 4 polling separates packets with U+001E, so a text message that holds one cannot go over it: refused
    // here, before it is queued (the session stays open). Transports only ever move from polling to WebSocket, so a
    // message accepted while the session is on WebSocket never meets the polling encoder, which refuses it as well.
    private void EnsureFramable(in EngineIoPacket packet, string parameterName)
    {
        if (!packet.IsBinary && _context?.Version == EngineIoVersion.V4 && TransportName is null or EngineIoTransportNames.Polling
            && Protocol.PayloadCodecV4.HoldsRecordSeparator(packet))
        {
            throw new ArgumentException(Protocol.PayloadCodecV4.RecordSeparatorMessage, parameterName);
        }
    }

    private ValueTask EnqueueMessageAsync(EngineIoPacket packet, CancellationToken cancellationToken, string parameterName = "text")
    {
        ThrowIfEnded();
        EnsureFits(packet);
        EnsureFramable(packet, parameterName);
        CheckHeartbeatDeadline();
        bool inline;
        lock (_sendOrder)
        {
            var now = _timeProvider.GetTimestamp();
            var notBurst = _receivedSinceSend || now - _lastSendTimestamp >= _quietSpell;
            _receivedSinceSend = false;
            _lastSendTimestamp = now;
            _messagesQueued++;
            inline = notBurst && State == EngineIoClientState.Open && !_loopHoldsBatch && _queued == 0 && _sendGate.Wait(0, CancellationToken.None);
            if (!inline)
            {
                if (!_outgoing.Writer.TryWrite(new OutgoingPacket(packet, isMessage: true)))
                {
                    ThrowIfEnded();
                    throw new EngineIoException("The Engine.IO session is closing.");
                }

                _queued++;
            }
        }

        var sentInline = false;
        if (inline)
        {
            Volatile.Write(ref _inlineUnclaimed, 1);
            _ = SendInlineAsync(packet);

            // 1 still: the send has not ended yet (EndInlineSend finds 0 and gives the slot taken below back).
            sentInline = Interlocked.Exchange(ref _inlineUnclaimed, 0) == 0;
        }

        if (_metrics.MessagesSent.Enabled || _metrics.BytesSent.Enabled)
        {
            EngineIoMetrics.CountMessage(_metrics.MessagesSent, _metrics.BytesSent, packet, Volatile.Read(ref _transport)?.Name);
        }

        // An inline message still in flight holds its slot until the transport has taken it, like a queued one.
        // A free slot is taken even when the token is already cancelled: the message is queued by then.
        return sentInline || _sendSlots.Wait(0, CancellationToken.None) ? ValueTask.CompletedTask : WaitForRoomAsync(cancellationToken);
    }

    private async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            await _sendSlots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ThrowIfEnded();
            throw;
        }
        catch (OperationCanceledException)
        {
            // The message stays queued; take its slot later so the queue bound stays right.
            _ = _sendSlots.WaitAsync(_lifetime.Token);
            throw;
        }
    }

    // A pong waits in the queue (under _sendOrder): a server ping while one does is answered by that one. A server
    // that floods pings while it holds the POSTs (or stops reading the WebSocket) would otherwise queue a pong per ping
    // (about 56 bytes held for every 3 received), none of them counted against SendBufferCapacity.
    private bool _pongQueued;

    // The pong is bare, as engine.io-client sends it ("3"): echoing the ping's data would let a server make the
    // client send back whatever it sends.
    private static readonly EngineIoPacket BarePong = new(EngineIoPacketType.Pong);

    private void EnqueuePong()
    {
        lock (_sendOrder)
        {
            if (!_pongQueued && _outgoing.Writer.TryWrite(new OutgoingPacket(BarePong, isMessage: false)))
            {
                _pongQueued = true;
                _queued++;
            }
        }
    }

    private void EnqueueControl(EngineIoPacket packet)
    {
        lock (_sendOrder)
        {
            if (_outgoing.Writer.TryWrite(new OutgoingPacket(packet, isMessage: false)))
            {
                _queued++;
            }
        }
    }

    /// <summary>Hands one packet to the transport while holding <see cref="_sendGate"/>. It runs on the caller's
    /// thread up to the transport's first incomplete await; the caller does not wait for the rest (the gate is then
    /// released when the transport has taken the packet).</summary>
    private async Task SendInlineAsync(EngineIoPacket packet)
    {
        Exception? failure = null;
        try
        {
            var transport = Volatile.Read(ref _transport)!;
            Log.Sending(_logger, 1, transport.Name);
            _inlinePacket[0] = packet;
            await transport.SendAsync(_inlinePacket, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        EndInlineSend(packet, failure);
    }

    private void EndInlineSend(EngineIoPacket packet, Exception? failure)
    {
        _inlinePacket[0] = default;

        // A failure is recorded before the gate opens: a close packet that waits for the write in flight
        // (WaitForWriteInFlightAsync) then finds the session already ending with this error.
        if (failure is not null)
        {
            OnSendFailed(failure);
        }

        // Claimed here first, the send ended before its caller looked: the caller takes no slot, so none is given back.
        var callerTookSlot = Interlocked.Exchange(ref _inlineUnclaimed, 0) == 0;
        _sendGate.Release();
        if (callerTookSlot)
        {
            _sendSlots.Release();
        }

        if (failure is null && PacketSent is { } packetSent)
        {
            Raise(packetSent, new EngineIoPacketEventArgs(packet));
        }
    }

    private void OnSendFailed(Exception exception)
    {
        if (exception is OperationCanceledException && _lifetime.IsCancellationRequested)
        {
            return;
        }

        if (exception is ServerClosedTransportException)
        {
            Log.ServerClosed(_logger);
            _ = BeginClose(EngineIoCloseReason.ServerClose, null);
            return;
        }

        Log.SendFailed(_logger, exception);
        _ = BeginClose(EngineIoCloseReason.TransportError, WrapTransportError(exception));
    }

    private async Task RunSendLoopAsync(CancellationToken token)
    {
        var reader = _outgoing.Reader;
        var batch = new List<EngineIoPacket>();
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                batch.Clear();
                var messages = 0;
                FlushRequest? flushed = null;
                lock (_sendOrder)
                {
                    while (batch.Count < MaxPacketsPerSend && reader.TryRead(out var item))
                    {
                        _queued--;
                        if (item.Flushed is not null)
                        {
                            // The batch ends at a flush: what follows it must not travel with what precedes it.
                            flushed = item.Flushed;
                            break;
                        }

                        batch.Add(item.Packet);
                        messages += item.IsMessage ? 1 : 0;
                        if (!item.IsMessage && item.Packet.Type == EngineIoPacketType.Pong)
                        {
                            // Taken: the next ping queues a pong of its own.
                            _pongQueued = false;
                        }
                    }

                    _loopHoldsBatch = batch.Count > 0 || flushed is not null;
                }

                if (batch.Count == 0 && flushed is null)
                {
                    continue;
                }

                await _sendGate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    var transport = Volatile.Read(ref _transport)!;
                    if (batch.Count > 0)
                    {
                        Log.Sending(_logger, batch.Count, transport.Name);
                        await transport.SendAsync(batch, token).ConfigureAwait(false);
                    }

                    if (flushed is not null)
                    {
                        await ConfirmFlushAsync(transport, flushed, token).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // Recorded before the gate opens, as for an inline send.
                    flushed?.TrySetException(exception);
                    OnSendFailed(exception);
                    return;
                }
                finally
                {
                    _sendGate.Release();
                    lock (_sendOrder)
                    {
                        _loopHoldsBatch = false;
                    }
                }

                if (messages > 0)
                {
                    _sendSlots.Release(messages);
                }

                if (PacketSent is not null)
                {
                    foreach (var packet in batch)
                    {
                        Raise(PacketSent, new EngineIoPacketEventArgs(packet));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The session is closing.
        }
        catch (Exception exception)
        {
            OnSendFailed(exception);
        }
    }

    /// <summary>
    /// Waits (briefly, bounded) until no write is in flight. A server that drops a write as it closes the session
    /// (engine.io 3 cuts an over-limit POST, then sends a close packet on the poll) lost that write: the session must
    /// end as the transport error it is, not as a clean server close that hides the lost data. A send failure is
    /// recorded before the send gate opens, so once this returns a failed write has already begun the close.
    /// </summary>
    private async ValueTask WaitForWriteInFlightAsync(CancellationToken token)
    {
        // The upgrade holds the gate while it waits for this loop to pause; it has no write in flight.
        if (_pauseReceiving)
        {
            return;
        }

        var bound = Options.RequestTimeout < MaxWriteSettle ? Options.RequestTimeout : MaxWriteSettle;
        var pausing = Volatile.Read(ref _upgradePausing);
        using var stop = pausing is null ? null : CancellationTokenSource.CreateLinkedTokenSource(token, pausing.Token);
        try
        {
            if (await _sendGate.WaitAsync(bound, _timeProvider, stop?.Token ?? token).ConfigureAwait(false))
            {
                _sendGate.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The session is ending anyway.
        }
        catch (OperationCanceledException) when (pausing is { IsCancellationRequested: true })
        {
            // The upgrade took the gate to pause this loop: nothing is in flight, and it waits for this loop to end.
        }
    }

    private readonly struct OutgoingPacket
    {
        public OutgoingPacket(EngineIoPacket packet, bool isMessage)
        {
            Packet = packet;
            IsMessage = isMessage;
        }

        /// <summary>A flush marker (<see cref="FlushAsync"/>): no packet; the loop sends what it holds, then confirms.</summary>
        public OutgoingPacket(FlushRequest flushed) => Flushed = flushed;

        public EngineIoPacket Packet { get; }

        public bool IsMessage { get; }

        public FlushRequest? Flushed { get; }
    }
}
