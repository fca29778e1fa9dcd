using System.Runtime.CompilerServices;
using System.Text;
using Tusk.Transport.WebSocket.Connection;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    /// <summary>Sends one message. Thread-safe; completes once the frame is queued for writing (waiting only
    /// while the send buffer is full), so a burst of small messages leaves in few writes. Messages leave in the order
    /// of the calls, also when the caller does not await each send: a send made while an earlier one waits for room
    /// queues behind it.</summary>
    /// <param name="payload">The bytes. They are copied into the send buffer (or, for a message over 64 KiB, written out)
    /// before the returned task completes; do not change them until then. A send that returns a completed task has
    /// copied them.</param>
    /// <param name="kind"><see cref="WebSocketMessageKind.Text"/> (must be UTF-8) or <see cref="WebSocketMessageKind.Binary"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for buffer space. With permessage-deflate and context takeover
    /// (<see cref="IsCompressed"/>), cancelling a compressed message that is already waiting for room drops the
    /// connection: the peer's decompressor would no longer match.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="InvalidOperationException">A close frame was already sent.</exception>
    /// <exception cref="WebSocketProtocolException">The connection has failed.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageKind kind, CancellationToken cancellationToken = default) =>
        SendAsync(payload, kind, compress: true, cancellationToken);

    /// <summary>Sends one message, choosing whether it is compressed. Thread-safe, like
    /// <see cref="SendAsync(ReadOnlyMemory{byte}, WebSocketMessageKind, CancellationToken)"/>.</summary>
    /// <param name="payload">The bytes. They are copied into the send buffer (or, for a message over 64 KiB, written out)
    /// before the returned task completes; do not change them until then. A send that returns a completed task has
    /// copied them.</param>
    /// <param name="kind"><see cref="WebSocketMessageKind.Text"/> (must be UTF-8) or <see cref="WebSocketMessageKind.Binary"/>.</param>
    /// <param name="compress">When permessage-deflate is in use (<see cref="IsCompressed"/>): <see langword="true"/>
    /// deflates the message and sets RSV1 on its frame, <see langword="false"/> sends it as it is with RSV1 clear
    /// (RFC 7692 §6 lets every message choose). Without the extension every message goes uncompressed.</param>
    /// <param name="cancellationToken">Cancels waiting for buffer space; as for the other overload, cancelling a
    /// compressed message under context takeover once it waits for room drops the connection.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="InvalidOperationException">A close frame was already sent.</exception>
    /// <exception cref="WebSocketProtocolException">The connection has failed.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageKind kind, bool compress, CancellationToken cancellationToken = default)
    {
        var opcode = kind switch
        {
            WebSocketMessageKind.Text => WebSocketOpcode.Text,
            WebSocketMessageKind.Binary => WebSocketOpcode.Binary,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only text and binary messages can be sent; use CloseAsync to close."),
        };
        if (_metrics.MessagesSent.Enabled || _metrics.BytesSent.Enabled)
        {
            CountSent(kind, payload.Length);
        }

        if (_deflater is null)
        {
            return _writer.EnqueueAsync(opcode, rsv1: false, payload, cancellationToken);
        }

        // An uncompressed message leaves the deflater's window as it was, so skipping one needs no resynchronization:
        // the peer's inflater only sees the messages that carry RSV1. It still queues behind a message being compressed.
        return payload.IsEmpty || !compress
            ? SendInCompressionOrderAsync(opcode, payload, cancellationToken)
            : SendCompressedAsync(opcode, payload, cancellationToken);
    }

    /// <summary>Sends a text message, encoding it as UTF-8 straight into the send buffer.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels waiting for buffer space (with the same rule for a compressed message as
    /// <see cref="SendAsync(ReadOnlyMemory{byte}, WebSocketMessageKind, CancellationToken)"/>).</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="InvalidOperationException">A close frame was already sent.</exception>
    /// <exception cref="WebSocketProtocolException">The connection has failed.</exception>
    public ValueTask SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_metrics.MessagesSent.Enabled || _metrics.BytesSent.Enabled)
        {
            CountSentText(text);
        }

        return _deflater is null || text.Length == 0
            ? _writer.EnqueueTextAsync(text, cancellationToken)
            : SendCompressedTextAsync(text, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendCompressedTextAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = BufferPool.Rent(Encoding.UTF8.GetByteCount(text));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            await SendCompressedAsync(WebSocketOpcode.Text, bytes.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            BufferPool.Return(bytes);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendInCompressionOrderAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _compressGate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.EnqueueAsync(opcode, rsv1: false, payload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _compressGate.Release();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendCompressedAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // With context takeover the peer inflates in the order we deflated, so compressing and queuing are one step.
        await _compressGate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var compressed = _deflater!.Compress(payload.Span);
            try
            {
                await _writer.EnqueueAsync(opcode, rsv1: true, compressed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _deflater.KeepsContext)
            {
                // The message is in the compressor's window but will never reach the peer, whose inflater shares that
                // window (RFC 7692 §7.2.1): a later message could refer back to bytes the peer never got and arrive as
                // other bytes. Nothing can take it out again, so the connection cannot go on.
                FailAfterCancelledCompressedSend();
                throw;
            }
        }
        finally
        {
            _compressGate.Release();
        }
    }

    private void FailAfterCancelledCompressedSend()
    {
        Log.CompressedSendCancelled(_logger);
        lock (_stateLock)
        {
            if (_state is not WebSocketConnectionState.Closed)
            {
                SetTerminalLocked(new WebSocketProtocolException(
                    "A compressed send was cancelled after its message had entered the shared compression context (permessage-deflate with context takeover); the connection was dropped, because later messages would no longer inflate to what was sent.",
                    WebSocketCloseCodes.AbnormalClosure));
            }
        }

        ReleaseTransport();
    }
}
