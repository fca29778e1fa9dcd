using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    /// <summary>Runs the close handshake: sends a close frame, waits for the peer's (discarding messages that
    /// arrive meanwhile) and for the server to end TCP, all within the close timeout, then releases the stream.
    /// Does nothing when the connection has already ended.</summary>
    /// <param name="closeCode">The close code (1000–1003, 1007–1014, 3000–4999).</param>
    /// <param name="reason">An optional reason, at most 123 UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancels the handshake; the connection is then aborted.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent on the wire.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public async Task CloseAsync(int closeCode = WebSocketCloseCodes.NormalClosure, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (!WebSocketCloseCodes.IsValidOnWire(closeCode))
        {
            throw new ArgumentOutOfRangeException(nameof(closeCode), closeCode, "This close code may not be sent on the wire.");
        }

        ClosePayload.GetLength(reason);
        if (_terminal is not null || _state is WebSocketConnectionState.Closed)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_closeTimeout);
        try
        {
            lock (_stateLock)
            {
                if (_state is WebSocketConnectionState.Open)
                {
                    _state = WebSocketConnectionState.CloseSent;
                }
            }

            if (await _writer.EnqueueCloseAsync(closeCode, reason, timeout.Token).ConfigureAwait(false))
            {
                Log.CloseSent(_logger, closeCode);
            }

            await _writer.FlushAsync(timeout.Token).ConfigureAwait(false);
            if (!_closeReceived)
            {
                await _receiveGate.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await DiscardUntilCloseAsync(timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _receiveGate.Release();
                }
            }

            if (_finishTask is { } finish)
            {
                await finish.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CloseTimedOut(_logger, _closeTimeout);
        }
        catch (WebSocketProtocolException ex)
        {
            // The connection failed while closing; it is already released and CloseCode tells why.
            Log.CloseFailed(_logger, ex);
        }
        catch (InvalidOperationException) when (_state is WebSocketConnectionState.Closed)
        {
            // The handshake the server started finished meanwhile (our answer went out, the server ended TCP)
            // and released the writer: the connection has ended cleanly, which is what this call asks for.
        }
        finally
        {
            if (_state is not WebSocketConnectionState.Closed)
            {
                Abort();
            }
        }
    }

    private async Task DiscardUntilCloseAsync(CancellationToken cancellationToken)
    {
        var discard = new byte[4096];
        try
        {
            while (!_closeReceived && _terminal is null)
            {
                await ReceiveChunkCoreAsync(discard, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not WebSocketProtocolException)
        {
            throw await OnReceiveFailureAsync(ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The peer's close frame arrived: answer it (unless ours went first), then let the server end TCP.</summary>
    private void OnCloseReceived(int code, string? reason)
    {
        Log.CloseReceived(_logger, code, reason);
        lock (_stateLock)
        {
            CloseCode = code;
            CloseReason = reason;
            _closeReceived = true;
            _state = _state is WebSocketConnectionState.CloseSent ? WebSocketConnectionState.CloseSent : WebSocketConnectionState.CloseReceived;
            _finishTask ??= FinishAsync(code == WebSocketCloseCodes.NoStatusReceived ? WebSocketCloseCodes.NormalClosure : code);
        }
    }

    /// <summary>Sends the answering close frame and waits (bounded by the close timeout) for the server to close
    /// TCP first, as RFC 6455 §7.1.1 asks of clients; then releases the stream.</summary>
    private async Task FinishAsync(int answerCode)
    {
        await Task.Yield();
        using var timeout = new CancellationTokenSource(_closeTimeout);
        try
        {
            await _writer.EnqueueCloseAsync(answerCode, null, timeout.Token).ConfigureAwait(false);
            await _writer.FlushAsync(timeout.Token).ConfigureAwait(false);
            await _reader.DrainToEndAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or WebSocketProtocolException or InvalidOperationException)
        {
            Log.ServerDidNotCloseTcp(_logger, ex);
        }

        lock (_stateLock)
        {
            if (_terminal is null)
            {
                _state = WebSocketConnectionState.Closed;
            }
        }

        ReleaseTransport();
    }
}
