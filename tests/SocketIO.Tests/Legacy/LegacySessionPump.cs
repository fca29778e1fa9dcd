using System.Threading.Channels;
using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>Keeps a session's receive side running (heartbeats are answered while receiving) and lets tests await packets.</summary>
internal sealed class LegacySessionPump : IAsyncDisposable
{
    private readonly Channel<SocketIoPacket> _packets = Channel.CreateUnbounded<SocketIoPacket>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LegacySessionPump(LegacySession session)
    {
        Session = session;
        _loop = Task.Run(RunAsync);
    }

    public LegacySession Session { get; }

    /// <summary>Completes when the session has ended (ReceiveAsync returned null).</summary>
    public Task Ended => _loop;

    public async Task<SocketIoPacket> NextAsync(Func<SocketIoPacket, bool> match)
    {
        using var timeout = new CancellationTokenSource(LegacyServers.Timeout);
        var skipped = new List<string>();
        try
        {
            while (true)
            {
                var packet = await _packets.Reader.ReadAsync(timeout.Token);
                if (match(packet))
                {
                    return packet;
                }

                skipped.Add($"{packet.Type} {packet.Namespace} {packet.Payload}");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException("The expected packet did not arrive; got: " + string.Join(" | ", skipped));
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The session ended ({Session.CloseReason}) before the expected packet; got: " + string.Join(" | ", skipped));
        }
    }

    public Task<SocketIoPacket> EventAsync(string name, string @namespace = "/") =>
        NextAsync(p => p.Type == SocketIoPacketType.Event && p.Namespace == @namespace && p.Payload!.StartsWith($"[\"{name}\"", StringComparison.Ordinal));

    private async Task RunAsync()
    {
        try
        {
            while (await Session.ReceiveAsync(_stop.Token) is { } packet)
            {
                _packets.Writer.TryWrite(packet);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _packets.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(LegacyServers.Timeout);
        await Session.DisposeAsync();
        _stop.Dispose();
    }
}
