using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket;

public sealed partial class WebSocketConnection
{
    private ITimer? _keepAliveTimer;
    private long _keepAliveIntervalMs;
    private long _keepAliveTimeoutMs;
    private long _pingSentAt;
    private long _lastPingAt;

    // Whether the outstanding keep-alive ping is in the send buffer (it may have been due while the buffer was full).
    private bool _pingQueued;

    private void StartKeepAlive(TimeSpan interval, TimeSpan timeout)
    {
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _keepAliveIntervalMs = (long)interval.TotalMilliseconds;
        _keepAliveTimeoutMs = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan ? (long)timeout.TotalMilliseconds : long.MaxValue;
        _lastPingAt = NowMs();

        // Tick often enough to notice a missing pong close to its deadline, not only at the next ping.
        var period = TimeSpan.FromMilliseconds(Math.Max(10, Math.Min(_keepAliveIntervalMs, _keepAliveTimeoutMs) / 4));
        _keepAliveTimer = _timeProvider.CreateTimer(static state => ((WebSocketConnection)state!).OnKeepAliveTick(), this, period, period);
    }

    private void StopKeepAlive() => _keepAliveTimer?.Dispose();

    private void OnKeepAliveTick()
    {
        if (_state is not WebSocketConnectionState.Open)
        {
            return;
        }

        var now = NowMs();
        var sentAt = Interlocked.Read(ref _pingSentAt);
        if (sentAt != 0)
        {
            if (now - sentAt >= _keepAliveTimeoutMs)
            {
                Log.KeepAliveTimedOut(_logger, _keepAliveTimeoutMs);
                lock (_stateLock)
                {
                    SetTerminalLocked(new WebSocketProtocolException(
                        $"No pong arrived within {_keepAliveTimeoutMs} ms of a keep-alive ping; the connection was dropped.",
                        WebSocketCloseCodes.AbnormalClosure));
                }

                ReleaseTransport();
                return;
            }

            if (!_pingQueued)
            {
                _pingQueued = TryQueuePing(sentAt);
            }

            return;
        }

        if (now - _lastPingAt >= _keepAliveIntervalMs)
        {
            // The timeout runs from when the ping was due, not from when it was queued: the send buffer keeps room
            // for it (FrameWriter.KeepAlivePingReserve), but should it still not fit, a server that reads nothing must
            // be dropped all the same. Until it is queued, every tick tries again.
            _lastPingAt = now;
            Interlocked.Exchange(ref _pingSentAt, now);
            _pingQueued = TryQueuePing(now);
        }
    }

    private bool TryQueuePing(long stamp)
    {
        Span<byte> payload = stackalloc byte[8];
        BitConverter.TryWriteBytes(payload, stamp);
        return _writer.TryEnqueueControl(WebSocketOpcode.Ping, payload);
    }

    /// <summary>Milliseconds on the connection's clock (its timestamps count from boot or, for a fake clock, from a
    /// date, so never 0, which marks "no ping outstanding").</summary>
    private long NowMs() => (long)_timeProvider.GetElapsedTime(0).TotalMilliseconds;

    /// <summary>Any pong answers the outstanding keep-alive ping (RFC 6455 lets a peer answer only the latest).</summary>
    private void OnPongReceived() => Interlocked.Exchange(ref _pingSentAt, 0);
}
