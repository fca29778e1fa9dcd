using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    private CancellationTokenSource? _closeDeadline;

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

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, StartCloseDeadline());
        try
        {
            lock (_stateLock)
            {
                if (_state is WebSocketConnectionState.Open)
                {
                    _state = WebSocketConnectionState.CloseSent;
                }
            }

            if (await _writer.EnqueueCloseAsync(closeCode, reason, linked.Token).ConfigureAwait(false))
            {
                Log.CloseSent(_logger, closeCode);
            }

            await _writer.FlushAsync(linked.Token).ConfigureAwait(false);
            if (!_closeReceived)
            {
                await _receiveGate.WaitAsync(linked.Token).ConfigureAwait(false);
                try
                {
                    await DiscardUntilCloseAsync(linked.Token).ConfigureAwait(false);
                }
                finally
                {
                    _receiveGate.Release();
                }
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
            // Once the peer's close frame has arrived, the close finisher ends the handshake under the same deadline,
            // and it alone decides whether the handshake completed: a second timer here would race it.
            if (_finishTask is { } finish && !cancellationToken.IsCancellationRequested)
            {
                await finish.ConfigureAwait(false);
            }

            if (_state is not WebSocketConnectionState.Closed)
            {
                Abort();
            }
        }
    }

    /// <summary>Starts the close timeout on the first call (this side's close or the peer's, whichever comes first)
    /// and returns its token: one deadline bounds the whole close handshake.</summary>
    private CancellationToken StartCloseDeadline()
    {
        lock (_stateLock)
        {
            _closeDeadline ??= new CancellationTokenSource(_closeTimeout, _timeProvider);
            return _closeDeadline.Token;
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
        var deadline = StartCloseDeadline();
        lock (_stateLock)
        {
            CloseCode = code;
            CloseReason = reason;
            _closeReceived = true;
            _state = _state is WebSocketConnectionState.CloseSent ? WebSocketConnectionState.CloseSent : WebSocketConnectionState.CloseReceived;
            _finishTask ??= FinishAsync(code == WebSocketCloseCodes.NoStatusReceived ? WebSocketCloseCodes.NormalClosure : code, deadline);
        }

        // The reason is the server's text: printable in the log line (CloseReason keeps it as sent).
        Log.CloseReceived(_logger, code, reason is null ? null : Tusk.Internal.ServerTextPreview.Of(reason));
    }

    /// <summary>Sends the answering close frame and waits (bounded by the close deadline) for the server to close
    /// TCP first, as RFC 6455 §7.1.1 asks of clients; then releases the stream. Once both close frames have been
    /// exchanged the handshake is complete, so the connection is <see cref="WebSocketConnectionState.Closed"/> even
    /// when the deadline ends the wait for TCP.</summary>
    private async Task FinishAsync(int answerCode, CancellationToken deadline)
    {
        await Task.Yield();
        var answered = false;
        try
        {
            await _writer.EnqueueCloseAsync(answerCode, null, deadline).ConfigureAwait(false);
            await _writer.FlushAsync(deadline).ConfigureAwait(false);
            answered = true;
            Log.CloseHandshakeCompleted(_logger, CloseCode ?? answerCode);
            await _reader.DrainToEndAsync(deadline).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or WebSocketProtocolException or InvalidOperationException)
        {
            Log.ServerDidNotCloseTcp(_logger, ex);
        }

        lock (_stateLock)
        {
            if (answered && _terminal is null)
            {
                _state = WebSocketConnectionState.Closed;
            }
            else
            {
                SetTerminalLocked(new WebSocketProtocolException("The answering close frame could not be sent within the close timeout.", WebSocketCloseCodes.AbnormalClosure));
            }
        }

        ReleaseTransport();
    }
}
