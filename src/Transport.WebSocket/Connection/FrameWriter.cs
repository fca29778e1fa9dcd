using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Tusk.Transport.WebSocket.Framing;
using Tusk.Transport.WebSocket.Handshake;

namespace Tusk.Transport.WebSocket.Connection;

/// <summary>The send side of a connection. Callers encode and mask whole frames into a shared pending buffer
/// under a lock (so frames never interleave). Whoever holds the writer role swaps that buffer out and writes it
/// in a single call, so every frame queued while a write is in flight goes out in the next write. A sender that
/// finds the writer idle (outside a burst) takes the role and starts the write on its own thread, with no hop;
/// otherwise, and whenever a write does not complete at once, one writer loop does it. Frames too big for the
/// buffer are written directly by their sender, in chunks, while the role is held by nobody else. Data frames leave in
/// the order their sends were called: a sender that has to wait (for room, or for the direct role) holds its place in
/// a queue that later senders join instead of taking the room it is waiting for.</summary>
internal sealed class FrameWriter
{
    /// <summary>Capacity of each of the two pending buffers; also the backpressure bound.</summary>
    internal const int BufferSize = 64 * 1024;

    // The last bytes of the pending buffer are kept for one keep-alive ping (a masked frame with an 8-byte payload):
    // data frames and pongs never take them, so the ping can be queued when it is due even while the buffer is full
    // (a server that stopped reading is then dropped by the keep-alive timeout, a slow one gets its ping in line).
    internal const int KeepAlivePingReserve = 2 + 4 + 8;

    // The largest frame that goes through the pending buffer; a larger one is written directly.
    private const int MaxBufferedFrame = BufferSize - KeepAlivePingReserve;

    // Large enough that a 1 MiB message leaves in one write, small enough to bound what one sender rents.
    private const int DirectChunkSize = 1024 * 1024;

    private readonly Stream _stream;

    // The socket under _stream when it is a plain TCP connection of this library's own (no TLS): an inline write then
    // tries one non-blocking send on it first. Through NetworkStream every write is an asynchronous socket operation
    // (an operation object armed, a buffer pinned, a completion checked), about a tenth of a small message's CPU on the
    // send path; the non-blocking send is the same one system call without them. What the socket does not take at once
    // goes through the stream as before.
    private readonly Socket? _socket;
    private readonly TimeProvider _timeProvider;

    // A send that finds the writer idle this soon (5 µs) after the last write ended is taken to be part of a burst.
    // Far shorter than any network round trip, far longer than the gap between back-to-back sends.
    // EngineIoClient.Send has a burst test of its own, on purpose (issue 22 looked at sharing one primitive): it asks
    // whether the application is sending in a loop (1 ms since the previous send was asked for, and a send that
    // answers a received message is never part of a burst), this one whether the socket is still busy with the last
    // batch (5 µs since a write ended). What they share is one subtraction on the session's clock; what each does with
    // the answer (this writer swaps byte buffers and hands an unfinished stream write to its loop, the session queues
    // packets for a transport that may batch them into one polling request) is not the same logic. A shared
    // src/Shared struct was measured with the end-to-end harness (7 alternating pairs, 2026-12-06): no difference
    // the harness could resolve at that machine load (medians from 0.56x to 1.30x, also on phases it cannot touch),
    // so it was not merged; benchmarks/README.md has the figures.
    private readonly long _burstWindowTicks;
    private readonly CancellationToken _abortToken;
    private readonly Action<Exception> _onWriteFailed;
    private readonly WriterSignal _signal = new();
    private readonly Lock _lock = new();
    private readonly Task _loop;

    private byte[] _pending;
    private byte[]? _spare;
    private int _pendingLength;
    // The loop holds the role from the start, until it first finds nothing to write.
    private WriterRole _role = WriterRole.Batching;
    private bool _closeQueued;

    // Set once by Fail: every later send throws it, and the loop stops.
    private Exception? _fault;
    private TaskCompletionSource? _progress;
    private long _lastWriteEnd;
    private byte[]? _handoffBatch;
    private ValueTask _handoffWrite;

    // Data senders that could not append at once (the buffer was full, or the frame is written directly), in call
    // order. Only the first may append or take the direct role, and while any waits a new sender queues behind it: a
    // small message sent without awaiting a waiting larger one must not overtake it. Created on first use.
    private LinkedList<object>? _waiters;

    public FrameWriter(Stream stream, Action<Exception> onWriteFailed, TimeProvider timeProvider, CancellationToken abortToken)
    {
        _stream = stream;
        _socket = stream is TcpNetworkStream tcp ? tcp.TakeSocketForDirectSends() : null;
        _timeProvider = timeProvider;
        _burstWindowTicks = timeProvider.TimestampFrequency / 200_000;
        _onWriteFailed = onWriteFailed;
        _abortToken = abortToken;
        // Rented by the first append; an idle writer gives its buffers back (see ReleaseIdleBuffersLocked).
        _pending = [];
        _loop = RunAsync();
    }

    /// <summary>Whether a close frame was queued (after which data frames are refused).</summary>
    public bool CloseQueued
    {
        get
        {
            lock (_lock)
            {
                return _closeQueued;
            }
        }
    }

    /// <summary>Queues a data frame; waits only while the buffer is full.</summary>
    public ValueTask EnqueueAsync(WebSocketOpcode opcode, bool rsv1, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frameLength = FrameHeader.MaxLength + payload.Length;
        if (frameLength > MaxBufferedFrame)
        {
            return WriteDirectAsync(opcode, rsv1, payload, cancellationToken);
        }

        byte[]? batch;
        int batchLength;
        lock (_lock)
        {
            ThrowIfClosedForData();
            if (_waiters is { Count: > 0 } || !TryAppendLocked(opcode, rsv1, payload.Span, null, payload.Length, mayUseReserve: false, out var wake))
            {
                return EnqueueSlowAsync(opcode, rsv1, payload, cancellationToken);
            }

            batch = StartWriteLocked(wake, out batchLength);
        }

        if (batch is not null)
        {
            WriteInline(batch, batchLength);
        }

        return default;
    }

    /// <summary>Queues a text frame, encoding the string straight into the pending buffer when it fits.</summary>
    public ValueTask EnqueueTextAsync(string text, CancellationToken cancellationToken)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (FrameHeader.MaxLength + byteCount <= MaxBufferedFrame)
        {
            byte[]? batch = null;
            var batchLength = 0;
            var appended = false;
            lock (_lock)
            {
                ThrowIfClosedForData();
                if (_waiters is not { Count: > 0 } && TryAppendLocked(WebSocketOpcode.Text, false, default, text, byteCount, mayUseReserve: false, out var wake))
                {
                    appended = true;
                    batch = StartWriteLocked(wake, out batchLength);
                }
            }

            if (appended)
            {
                if (batch is not null)
                {
                    WriteInline(batch, batchLength);
                }

                return default;
            }
        }

        return EnqueueEncodedTextAsync(text, byteCount, cancellationToken);
    }

    /// <summary>Queues a ping or pong if there is room; a control frame is never worth blocking the receive
    /// loop for (RFC 6455 §5.5.3 allows answering only the latest ping). A ping (only the keep-alive's, with its
    /// 8-byte payload, comes here) may take the bytes kept for it.</summary>
    public bool TryEnqueueControl(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        bool wake;
        lock (_lock)
        {
            if (_closeQueued || _fault is not null || !TryAppendLocked(opcode, false, payload, null, payload.Length, mayUseReserve: opcode == WebSocketOpcode.Ping, out wake))
            {
                return false;
            }
        }

        if (wake)
        {
            _signal.Set();
        }

        return true;
    }

    /// <summary>Queues the close frame (once); afterwards data frames are refused.</summary>
    /// <returns><see langword="false"/> when a close frame was already queued.</returns>
    public async ValueTask<bool> EnqueueCloseAsync(int code, string? reason, CancellationToken cancellationToken)
    {
        var body = new byte[ClosePayload.GetLength(reason)];
        ClosePayload.Write(body, code, reason);
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (_closeQueued)
                {
                    return false;
                }

                ThrowIfFaulted();
                if (TryAppendLocked(WebSocketOpcode.Close, false, body, null, body.Length, mayUseReserve: true, out var wake))
                {
                    _closeQueued = true;
                    if (wake)
                    {
                        _signal.Set();
                    }

                    return true;
                }

                progress = WaitForProgressLocked();
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when everything queued so far has been written.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                ThrowIfFaulted();
                if (_role == WriterRole.Idle && _pendingLength == 0)
                {
                    return;
                }

                progress = WaitForProgressLocked();
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fails every pending and future send with <paramref name="exception"/> and stops the loop.</summary>
    public void Fail(Exception exception)
    {
        TaskCompletionSource? progress;
        var wake = false;
        lock (_lock)
        {
            var first = _fault is null;
            _fault ??= exception;
            progress = _progress;
            _progress = null;

            // Wake the loop (once) so that it sees the fault and ends, unless the role is held for a batch: its holder,
            // the loop or a sender writing inline, passes it on when its write ends. A direct writer keeps its role
            // until its write ends, and then wakes nobody.
            if (first && _role != WriterRole.Batching)
            {
                wake = true;
                if (_role == WriterRole.Idle)
                {
                    _role = WriterRole.Batching;
                }
            }
        }

        progress?.TrySetException(_fault);
        if (wake)
        {
            _signal.Set();
        }
    }

    /// <summary>Returns the buffers once the loop has stopped; call after <see cref="Fail"/>.</summary>
    public async Task DisposeAsync()
    {
        await _loop.ConfigureAwait(false);
        lock (_lock)
        {
            ReturnToPool(_pending);
            ReturnToPool(_spare ?? []);
            _pending = [];
            _spare = null;
        }
    }

    /// <summary>
    /// An idle writer holds no send buffers (1,000 idle connections would otherwise keep 128 MiB); the next append
    /// rents one again. Returns the buffers to give back once outside the lock. Caller holds <c>_lock</c>.
    /// </summary>
    private (byte[] Spare, byte[] Pending) ReleaseIdleBuffersLocked()
    {
        var spare = _spare ?? [];
        _spare = null;
        byte[] pending = [];
        if (_pendingLength == 0)
        {
            pending = _pending;
            _pending = [];
        }

        return (spare, pending);
    }

    private static void ReturnToPool(byte[] buffer)
    {
        if (buffer.Length != 0)
        {
            BufferPool.Return(buffer);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EnqueueSlowAsync(WebSocketOpcode opcode, bool rsv1, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        LinkedListNode<object>? turn = null;
        try
        {
            while (true)
            {
                Task progress;
                byte[]? batch = null;
                var batchLength = 0;
                var appended = false;
                TaskCompletionSource? next = null;
                lock (_lock)
                {
                    ThrowIfClosedForData();
                    turn ??= JoinWaitersLocked();
                    if (_waiters!.First == turn && TryAppendLocked(opcode, rsv1, payload.Span, null, payload.Length, mayUseReserve: false, out var wake))
                    {
                        appended = true;
                        next = LeaveWaitersLocked(turn);
                        turn = null;
                        batch = StartWriteLocked(wake, out batchLength);
                    }

                    progress = appended ? Task.CompletedTask : WaitForProgressLocked();
                }

                if (appended)
                {
                    next?.TrySetResult();
                    if (batch is not null)
                    {
                        WriteInline(batch, batchLength);
                    }

                    return;
                }

                await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (turn is not null)
            {
                GiveUpTurn(turn);
            }
        }
    }

    /// <summary>A waiting sender that was cancelled or failed leaves the queue: the senders behind it must not wait for
    /// its turn.</summary>
    private void GiveUpTurn(LinkedListNode<object> turn)
    {
        TaskCompletionSource? next;
        lock (_lock)
        {
            next = LeaveWaitersLocked(turn);
        }

        next?.TrySetResult();
    }

    private LinkedListNode<object> JoinWaitersLocked() => (_waiters ??= new LinkedList<object>()).AddLast(new object());

    /// <summary>Removes a waiting sender; when others still wait, returns the progress signal to complete outside the
    /// lock so that the new first one checks whether its turn has come.</summary>
    private TaskCompletionSource? LeaveWaitersLocked(LinkedListNode<object> turn)
    {
        _waiters!.Remove(turn);
        if (_waiters.Count == 0)
        {
            return null;
        }

        var progress = _progress;
        _progress = null;
        return progress;
    }

    /// <summary>Called under the lock after a frame was appended. When the writer was idle and no burst is under
    /// way, the caller becomes the writer: it takes the pending bytes to write them itself, with no thread hop
    /// (that is what a request/response exchange waits on). Inside a burst (the last write ended moments ago)
    /// the loop is woken instead, so the caller returns at once and keeps queuing frames that the loop then
    /// writes together.</summary>
    /// <returns>The batch the caller must write with <see cref="WriteInline"/>, or <see langword="null"/>.</returns>
    private byte[]? StartWriteLocked(bool wake, out int batchLength)
    {
        batchLength = 0;
        if (!wake)
        {
            return null;
        }

        if (_timeProvider.GetTimestamp() - _lastWriteEnd < _burstWindowTicks)
        {
            _signal.Set();
            return null;
        }

        return TakeBatchLocked(out batchLength);
    }

    private byte[] TakeBatchLocked(out int batchLength)
    {
        var batch = _pending;
        batchLength = _pendingLength;
        _pending = _spare ?? [];
        _spare = null;
        _pendingLength = 0;
        return batch;
    }

    /// <summary>Starts writing a batch on the sending caller's own thread while it holds the writer role. When
    /// the write (and flush) complete at once, the role is released here; otherwise the pending write is handed
    /// to the loop to finish, so the caller never waits on the stream (a send still completes once queued).</summary>
    private void WriteInline(byte[] batch, int batchLength)
    {
        ValueTask pending;
        try
        {
            pending = _socket is { } socket
                ? SendDirect(socket, batch, batchLength)
                : _stream.WriteAsync(batch.AsMemory(0, batchLength), _abortToken);
            if (pending.IsCompletedSuccessfully)
            {
                pending.GetAwaiter().GetResult();
                var flush = _stream.FlushAsync(_abortToken);
                if (flush.IsCompletedSuccessfully)
                {
                    ReleaseInline(batch);
                    return;
                }

                pending = new ValueTask(flush);
            }
        }
        catch (Exception ex)
        {
            pending = ValueTask.FromException(ex);
        }

        lock (_lock)
        {
            _handoffBatch = batch;
            _handoffWrite = pending;
        }

        _signal.Set();
    }

    /// <summary>One non-blocking send of the batch on the caller's thread; the part the socket's buffer had no room for
    /// is written asynchronously through the stream (the caller hands that write to the loop, as for any write that does
    /// not complete at once).</summary>
    private ValueTask SendDirect(Socket socket, byte[] batch, int batchLength)
    {
        var sent = socket.Send(batch.AsSpan(0, batchLength), SocketFlags.None, out var error);
        if (error is not (SocketError.Success or SocketError.WouldBlock))
        {
            // As NetworkStream reports a failed write.
            throw new IOException($"Unable to write data to the transport connection: {error}.", new SocketException((int)error));
        }

        return sent == batchLength ? default : _stream.WriteAsync(batch.AsMemory(sent, batchLength - sent), _abortToken);
    }

    private void ReleaseInline(byte[] batch)
    {
        TaskCompletionSource? progress;
        var wake = false;
        (byte[] Spare, byte[] Pending) idle = ([], []);
        lock (_lock)
        {
            _lastWriteEnd = _timeProvider.GetTimestamp();

            // The writer role passes to the loop (it stays busy) when frames arrived meanwhile or it must stop.
            if (_pendingLength > 0 || _fault is not null)
            {
                wake = true;
                if (_spare is null && _pending.Length != 0)
                {
                    _spare = batch;
                    batch = [];
                }
            }
            else
            {
                _role = WriterRole.Idle;
                idle = ReleaseIdleBuffersLocked();
            }

            progress = _progress;
            _progress = null;
        }

        ReturnToPool(batch);
        ReturnToPool(idle.Spare);
        ReturnToPool(idle.Pending);

        progress?.TrySetResult();
        if (wake)
        {
            _signal.Set();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EnqueueEncodedTextAsync(string text, int byteCount, CancellationToken cancellationToken)
    {
        var bytes = BufferPool.Rent(byteCount);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            await EnqueueAsync(WebSocketOpcode.Text, false, bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            BufferPool.Return(bytes);
        }
    }

    // mayUseReserve: whether the frame may take the bytes kept for a keep-alive ping (that ping and the close frame may).
    private bool TryAppendLocked(WebSocketOpcode opcode, bool rsv1, ReadOnlySpan<byte> payload, string? text, int payloadLength, bool mayUseReserve, out bool wake)
    {
        wake = false;
        var frameLength = FrameHeader.GetEncodedLength(payloadLength, masked: true) + payloadLength;
        if (_pending.Length == 0)
        {
            // Given back while idle; appends never run once the writer stopped (the fault is checked first).
            _pending = BufferPool.Rent(BufferSize);
        }

        if (_pendingLength + frameLength > _pending.Length - (mayUseReserve ? 0 : KeepAlivePingReserve))
        {
            return false;
        }

        var maskKey = MaskKeySource.Next();
        var destination = _pending.AsSpan(_pendingLength, frameLength);
        var headerLength = FrameHeader.Write(destination, opcode, fin: true, rsv1, payloadLength, maskKey);
        var body = destination[headerLength..];
        if (text is null)
        {
            FrameMasker.Mask(payload, body, maskKey);
        }
        else
        {
            Encoding.UTF8.GetBytes(text, body);
            FrameMasker.MaskInPlace(body, maskKey);
        }

        _pendingLength += frameLength;
        if (_role == WriterRole.Idle)
        {
            _role = WriterRole.Batching;
            wake = true;
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteDirectAsync(WebSocketOpcode opcode, bool rsv1, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var maskKey = 0;
        LinkedListNode<object>? turn = null;
        try
        {
            while (true)
            {
                Task progress;
                TaskCompletionSource? next = null;
                lock (_lock)
                {
                    ThrowIfClosedForData();
                    turn ??= JoinWaitersLocked();
                    if (_waiters!.First == turn && _role == WriterRole.Idle && _pendingLength == 0)
                    {
                        _role = WriterRole.Direct;
                        maskKey = MaskKeySource.Next();
                        next = LeaveWaitersLocked(turn);
                        turn = null;
                        progress = Task.CompletedTask;
                    }
                    else
                    {
                        progress = WaitForProgressLocked();
                    }
                }

                if (turn is null)
                {
                    // Senders behind this one may append to the pending buffer now; it is written after this frame.
                    next?.TrySetResult();
                    break;
                }

                await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (turn is not null)
            {
                GiveUpTurn(turn);
            }
        }

        var chunk = BufferPool.Rent(FrameHeader.MaxLength + Math.Min(DirectChunkSize, payload.Length));
        try
        {
            // Chunks are multiples of 4 bytes, so every chunk starts at mask phase 0 and the key needs no rotation.
            var headerLength = FrameHeader.Write(chunk, opcode, fin: true, rsv1, payload.Length, maskKey);
            var room = (chunk.Length - headerLength) & ~3;
            var offset = 0;
            var first = true;
            while (offset < payload.Length)
            {
                var start = first ? headerLength : 0;
                var take = Math.Min(first ? room : chunk.Length & ~3, payload.Length - offset);
                FrameMasker.Mask(payload.Span.Slice(offset, take), chunk.AsSpan(start, take), maskKey);
                await _stream.WriteAsync(chunk.AsMemory(0, start + take), _abortToken).ConfigureAwait(false);
                offset += take;
                first = false;
            }

            await _stream.FlushAsync(_abortToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = new WebSocketProtocolException("Writing to the connection failed.", WebSocketCloseCodes.AbnormalClosure, ex);
            _onWriteFailed(failure);
            throw failure;
        }
        finally
        {
            BufferPool.Return(chunk);
            ReleaseDirect();
        }
    }

    private void ReleaseDirect()
    {
        TaskCompletionSource? progress;
        var wake = false;
        lock (_lock)
        {
            _lastWriteEnd = _timeProvider.GetTimestamp();
            // Frames queued behind the large one go out next, by the loop (which has ended, or was woken to end, once
            // the writer failed).
            wake = _pendingLength > 0 && _fault is null;
            _role = wake ? WriterRole.Batching : WriterRole.Idle;

            progress = _progress;
            _progress = null;
        }

        progress?.TrySetResult();
        if (wake)
        {
            _signal.Set();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                byte[] batch;
                byte[] release = [];
                int batchLength;
                ValueTask wait = default;
                ValueTask handoff = default;
                var idle = false;
                var handedOff = false;
                TaskCompletionSource? progress;
                lock (_lock)
                {
                    if (_handoffBatch is not null)
                    {
                        // An inline write that did not complete at once: finish it before anything else.
                        handedOff = true;
                        batch = _handoffBatch;
                        batchLength = 0;
                        handoff = _handoffWrite;
                        _handoffBatch = null;
                        _handoffWrite = default;
                    }
                    else if (_fault is not null)
                    {
                        return;
                    }
                    else if (_pendingLength == 0 || _role == WriterRole.Direct)
                    {
                        idle = true;
                        if (_role == WriterRole.Batching)
                        {
                            _role = WriterRole.Idle;
                        }

                        wait = _signal.PrepareWait();
                        (batch, release) = ReleaseIdleBuffersLocked();
                        batchLength = 0;
                    }
                    else
                    {
                        batch = TakeBatchLocked(out batchLength);
                    }

                    progress = _progress;
                    _progress = null;
                }

                // Waiters re-check their condition: room in the (new, empty) pending buffer, or an idle writer.
                progress?.TrySetResult();
                if (idle)
                {
                    ReturnToPool(batch);
                    ReturnToPool(release);
                    release = [];
                    await wait.ConfigureAwait(false);
                    continue;
                }

                if (handedOff)
                {
                    await handoff.ConfigureAwait(false);
                }
                else
                {
                    await _stream.WriteAsync(batch.AsMemory(0, batchLength), _abortToken).ConfigureAwait(false);
                }

                await _stream.FlushAsync(_abortToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _lastWriteEnd = _timeProvider.GetTimestamp();
                    if (_spare is null && _pending.Length != 0)
                    {
                        _spare = batch;
                        batch = [];
                    }
                }

                if (batch.Length != 0)
                {
                    BufferPool.Return(batch);
                }
            }
        }
        catch (Exception ex)
        {
            var failure = new WebSocketProtocolException("Writing to the connection failed.", WebSocketCloseCodes.AbnormalClosure, ex);
            Fail(failure);
            _onWriteFailed(failure);
        }
    }

    private Task WaitForProgressLocked() => (_progress ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void ThrowIfClosedForData()
    {
        ThrowIfFaulted();
        if (_closeQueued)
        {
            throw new InvalidOperationException("The connection is closing: a close frame was already sent.");
        }
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            throw _fault;
        }
    }
}
