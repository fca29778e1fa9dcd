using System.Buffers.Binary;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    // The payload of a ping sent by PingAsync: this marker, then the ping's sequence number (big-endian). Keep-alive
    // pings carry 8 bytes, so the two kinds of pong are told apart by length.
    private const byte PingMarker = (byte)'T';
    private const int PingPayloadLength = 9;

    private long _pingSequence;

    // The PingAsync calls waiting for their pong, by sequence number, under _stateLock (pings are rare, and an idle
    // connection should not keep a lock object of its own for them). Created on first use: most connections never ping.
    private Dictionary<long, TaskCompletionSource>? _pingWaiters;

    /// <summary>
    /// Sends a ping frame after every message whose send was called before this call, and completes when the peer's
    /// pong to it arrives. A peer reads frames in order, so once this completes the peer has read those messages, and
    /// whatever is sent next reaches it in a later read (a server that handles a message only after the read that
    /// brought it has handled them by then). Thread-safe.
    /// </summary>
    /// <remarks>The pong is seen by the receive side: a <see cref="ReceiveAsync(CancellationToken)"/> must be running or
    /// be called meanwhile. RFC 6455 lets a peer answer only the latest of several pings; such a peer may leave this
    /// waiting until <paramref name="cancellationToken"/> ends it.</remarks>
    /// <param name="cancellationToken">Cancels waiting (for buffer space and for the pong).</param>
    /// <returns>A task that completes when the pong arrived.</returns>
    /// <exception cref="InvalidOperationException">A close frame was already sent.</exception>
    /// <exception cref="WebSocketProtocolException">The connection failed or closed before the pong arrived.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        if (_terminal is WebSocketProtocolException terminal)
        {
            throw terminal;
        }

        if (_state is not WebSocketConnectionState.Open)
        {
            throw new InvalidOperationException($"A ping needs an open connection; this one is {_state}.");
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long sequence;
        lock (_stateLock)
        {
            sequence = ++_pingSequence;
            (_pingWaiters ??= []).Add(sequence, waiter);
        }

        var payload = new byte[PingPayloadLength];
        payload[0] = PingMarker;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), sequence);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abortSource.Token);
        try
        {
            // In line with the data frames (and behind a message being compressed), unlike a keep-alive ping, which
            // may go ahead of them: the pong must come after the messages it vouches for.
            if (_compressGate is null)
            {
                await _writer.EnqueueAsync(WebSocketOpcode.Ping, rsv1: false, payload, stop.Token).ConfigureAwait(false);
            }
            else
            {
                await SendInCompressionOrderAsync(WebSocketOpcode.Ping, payload, stop.Token).ConfigureAwait(false);
            }

            await waiter.Task.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw _terminal as WebSocketProtocolException ?? new WebSocketProtocolException(
                "The connection closed before the peer answered the ping.", CloseCode ?? WebSocketCloseCodes.AbnormalClosure);
        }
        finally
        {
            lock (_stateLock)
            {
                _pingWaiters!.Remove(sequence);
            }
        }
    }

    /// <summary>Completes the <see cref="PingAsync"/> whose ping this pong answers, if any.</summary>
    private void OnPingAnswered(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != PingPayloadLength || payload[0] != PingMarker || _pingWaiters is null)
        {
            return;
        }

        var sequence = BinaryPrimitives.ReadInt64BigEndian(payload[1..]);
        TaskCompletionSource? waiter;
        lock (_stateLock)
        {
            _pingWaiters.TryGetValue(sequence, out waiter);
        }

        waiter?.TrySetResult();
    }
}
