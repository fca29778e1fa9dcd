namespace Tusk.EngineIO;

public sealed partial class EngineIoClient
{
    // Revision 4: the server pings; no ping within pingInterval + pingTimeout means the server is gone.
    // Revision 3: the client pings every pingInterval and expects the pong within pingTimeout.
    private readonly Lock _heartbeatLock = new();
    private ITimer? _livenessTimer;
    private ITimer? _pingTimer;
    private ITimer? _pongTimer;
    private long _livenessDeadline = long.MaxValue;
    private long _pingSentAt;
    private bool _heartbeatStopped;

    private TimeSpan PingInterval => _context!.Handshake!.PingInterval;

    private TimeSpan PingTimeout => _context!.Handshake!.PingTimeout;

    private void StartHeartbeat(EngineIoHandshake handshake)
    {
        lock (_heartbeatLock)
        {
            if (_context!.Version == EngineIoVersion.V3)
            {
                _pingTimer = _timeProvider.CreateTimer(static s => ((EngineIoClient)s!).SendPing(), this, handshake.PingInterval, Timeout.InfiniteTimeSpan);
            }
            else
            {
                ArmLiveness();
            }
        }
    }

    private void ArmLiveness()
    {
        var timeout = PingInterval + PingTimeout;
        Volatile.Write(ref _livenessDeadline, _timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _timeProvider.TimestampFrequency));
        if (_livenessTimer is null)
        {
            _livenessTimer = _timeProvider.CreateTimer(static s => ((EngineIoClient)s!).OnHeartbeatTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _livenessTimer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnPing()
    {
        if (_context!.Version != EngineIoVersion.V4)
        {
            Log.UnexpectedPing(_logger);
            return;
        }

        EnqueuePong();
        lock (_heartbeatLock)
        {
            if (!_heartbeatStopped)
            {
                ArmLiveness();
            }
        }

        Raise(PingReceived, new EngineIoHeartbeatEventArgs());
    }

    private void SendPing()
    {
        lock (_heartbeatLock)
        {
            if (_heartbeatStopped)
            {
                return;
            }

            Volatile.Write(ref _pingSentAt, _timeProvider.GetTimestamp());
            _pongTimer ??= _timeProvider.CreateTimer(static s => ((EngineIoClient)s!).OnHeartbeatTimeout(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _pongTimer.Change(PingTimeout, Timeout.InfiniteTimeSpan);
        }

        EnqueueControl(new EngineIoPacket(EngineIoPacketType.Ping));
        Raise(PingSent, new EngineIoHeartbeatEventArgs());
    }

    private void OnPong(EngineIoPacket packet)
    {
        if (_context!.Version != EngineIoVersion.V3 || packet.Text == "probe")
        {
            return;
        }

        lock (_heartbeatLock)
        {
            if (_heartbeatStopped)
            {
                return;
            }

            _pongTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _pingTimer ??= _timeProvider.CreateTimer(static s => ((EngineIoClient)s!).SendPing(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _pingTimer.Change(PingInterval, Timeout.InfiniteTimeSpan);
        }

        var latency = _timeProvider.GetElapsedTime(Volatile.Read(ref _pingSentAt));
        Raise(PongReceived, new EngineIoHeartbeatEventArgs(latency));
    }

    private void OnHeartbeatTimeout()
    {
        lock (_heartbeatLock)
        {
            if (_heartbeatStopped)
            {
                return;
            }
        }

        Log.HeartbeatTimedOut(_logger, _context!.Version);
        _ = BeginClose(EngineIoCloseReason.PingTimeout, new EngineIoException(PingTimeoutMessage()));
    }

    // Timers can be late when the process was suspended; a send past the deadline closes the session at once
    // instead of writing into a connection that is already dead.
    private void CheckHeartbeatDeadline()
    {
        if (State == EngineIoClientState.Open && _timeProvider.GetTimestamp() > Volatile.Read(ref _livenessDeadline))
        {
            OnHeartbeatTimeout();
            ThrowIfEnded();
        }
    }

    private string PingTimeoutMessage() => _context!.Version == EngineIoVersion.V3
        ? $"The server did not answer the ping within {PingTimeout.TotalMilliseconds:0} ms (ping timeout)."
        : $"The server sent no ping within {(PingInterval + PingTimeout).TotalMilliseconds:0} ms (ping timeout).";

    private void StopHeartbeat()
    {
        lock (_heartbeatLock)
        {
            _heartbeatStopped = true;
            _livenessTimer?.Dispose();
            _pingTimer?.Dispose();
            _pongTimer?.Dispose();
        }
    }
}
