using System.Diagnostics;
using Tusk.EngineIO.Diagnostics;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO;

public sealed partial class EngineIoClient
{
    /// <summary>The transport the session will try to upgrade to, or null when it will not try.</summary>
    private string? UpgradeCandidate(EngineIoHandshake handshake, string currentTransport)
    {
        if (Options.Upgrade)
        {
            foreach (var candidate in handshake.Upgrades)
            {
                if (!string.Equals(candidate, currentTransport, StringComparison.Ordinal) && Options.Transports.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private void StartUpgrade(string? candidate, string currentTransport, CancellationToken token)
    {
        if (candidate is not null)
        {
            _upgrade = Task.Run(() => UpgradeAsync(candidate, token), CancellationToken.None);
            return;
        }

        _upgradeSettled.TrySetResult(new EngineIoUpgradeResult(EngineIoUpgradeStatus.NotAttempted, currentTransport));
    }

    // The probe (§1.8): open the new transport with the sid, 2probe → 3probe, then pause the old transport (no new
    // poll, the poll in flight returns on the server's noop, no POST in flight, writes held), send 5 on the new one,
    // swap, and release the held writes there. Any failure before the swap leaves the session on the old transport.
    private async Task UpgradeAsync(string name, CancellationToken lifetime)
    {
        var context = _context!;
        IEngineIoTransport? probe = null;
        var gateHeld = false;
        var paused = false;
        var oldTransport = Volatile.Read(ref _transport)!;
        using var upgradeTimer = new CancellationTokenSource(Options.UpgradeTimeout, _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(lifetime, upgradeTimer.Token);
        using var activity = EngineIoMetrics.Source.HasListeners() ? EngineIoMetrics.Source.StartActivity(EngineIoActivities.Upgrade, ActivityKind.Client) : null;
        activity?.SetTag(EngineIoMetrics.TransportTag, name);
        try
        {
            probe = CreateTransport(name, context);
            Log.UpgradeProbing(_logger, name);
            await probe.OpenAsync(timeout.Token).ConfigureAwait(false);
            await probe.SendAsync([new EngineIoPacket(EngineIoPacketType.Ping, "probe")], timeout.Token).ConfigureAwait(false);
            var answer = await probe.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            if (answer.Count != 1 || answer[0].Type != EngineIoPacketType.Pong || answer[0].Text != "probe")
            {
                throw new EngineIoException($"The upgrade probe failed: the server answered {(answer.Count == 0 ? "by closing" : Protocol.PacketCodec.Preview(answer[0]))} instead of 3probe.");
            }

            await _sendGate.WaitAsync(timeout.Token).ConfigureAwait(false);
            gateHeld = true;
            paused = true;
            _pauseReceiving = true;
            if (Volatile.Read(ref _upgradePausing) is { } pausing)
            {
                await pausing.CancelAsync().ConfigureAwait(false);
            }
            await _receiveLoop.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (State != EngineIoClientState.Open)
            {
                throw new OperationCanceledException("The session ended during the upgrade.");
            }

            await probe.SendAsync([new EngineIoPacket(EngineIoPacketType.Upgrade)], timeout.Token).ConfigureAwait(false);
            Volatile.Write(ref _transport, probe);
            EndPause();
            var upgraded = probe;
            probe = null;
            _receiveLoop = Task.Run(() => RunReceiveLoopAsync(upgraded, [], lifetime), CancellationToken.None);
            _sendGate.Release();
            gateHeld = false;
            Log.Upgraded(_logger, name);
            await DisposeQuietlyAsync(oldTransport).ConfigureAwait(false);
            Raise(Upgraded, new EngineIoUpgradeEventArgs(name));
            CountUpgrade(name, "upgraded");
            _upgradeSettled.TrySetResult(new EngineIoUpgradeResult(EngineIoUpgradeStatus.Upgraded, name));
        }
        catch (Exception exception) when (!lifetime.IsCancellationRequested)
        {
            var failure = exception is not OperationCanceledException ? exception
                : upgradeTimer.IsCancellationRequested ? new EngineIoException($"The upgrade to {name} did not complete within {Options.UpgradeTimeout.TotalSeconds:0.###} s.", exception)
                : new EngineIoException($"The session ended during the upgrade to {name}.", exception);
            Log.UpgradeFailed(_logger, name, failure);

            if (paused && ReferenceEquals(Volatile.Read(ref _transport), oldTransport) && State == EngineIoClientState.Open)
            {
                EndPause();
                if (_receiveLoop.IsCompleted)
                {
                    _receiveLoop = Task.Run(() => RunReceiveLoopAsync(oldTransport, [], lifetime), CancellationToken.None);
                }
            }

            // Settle only once the probe is gone and writes flow again: a handler of UpgradeFailed or a caller awaiting
            // UpgradeCompletion sees the session back on its transport, with no probe left open.
            if (gateHeld)
            {
                _sendGate.Release();
                gateHeld = false;
            }

            if (probe is not null)
            {
                await DisposeQuietlyAsync(probe).ConfigureAwait(false);
                probe = null;
            }

            if (activity is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, failure.Message);
                activity.SetTag(EngineIoMetrics.ErrorTypeTag, failure.GetType().FullName);
            }

            CountUpgrade(name, "failed");
            Raise(UpgradeFailed, new EngineIoUpgradeEventArgs(name, failure));
            _upgradeSettled.TrySetResult(new EngineIoUpgradeResult(EngineIoUpgradeStatus.Failed, Volatile.Read(ref _transport)?.Name, failure));
        }
        catch (OperationCanceledException)
        {
            // The session is closing; its close settles the upgrade as failed.
        }
        finally
        {
            Volatile.Write(ref _upgradePausing, null);
            if (gateHeld)
            {
                _sendGate.Release();
            }

            if (probe is not null)
            {
                await DisposeQuietlyAsync(probe).ConfigureAwait(false);
            }
        }
    }

    // Before a receive loop runs again: a close packet it handles then waits for a write in flight as usual.
    private void EndPause()
    {
        Volatile.Write(ref _upgradePausing, null);
        _pauseReceiving = false;
    }

    private void CountUpgrade(string transport, string result)
    {
        if (_metrics.Upgrades.Enabled)
        {
            _metrics.Upgrades.Add(1, new KeyValuePair<string, object?>(EngineIoMetrics.TransportTag, transport), new KeyValuePair<string, object?>(EngineIoMetrics.UpgradeResultTag, result));
        }
    }
}
