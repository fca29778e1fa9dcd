using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// What a client's events said about its reconnections, for its health check: the attempt under way, and whether
/// reconnecting gave up. The client's own state (<see cref="SocketIoSocket.IsConnected"/>) says the rest.
/// </summary>
/// <remarks>Thread safety: written by the client's event dispatcher, read by health checks on any thread.</remarks>
internal sealed class SocketIoClientHealthState
{
    private int _attempt;
    private volatile bool _gaveUp;

    /// <summary>The reconnection attempt under way (1 for the first), or 0 when none is.</summary>
    public int Attempt => Volatile.Read(ref _attempt);

    /// <summary>Whether the last reconnection ended with the client giving up.</summary>
    public bool GaveUp => _gaveUp;

    public void Follow(SocketIoClient client)
    {
        client.Reconnecting += (_, e) =>
        {
            _gaveUp = false;
            Volatile.Write(ref _attempt, e.Attempt);
        };
        client.Reconnected += (_, _) => Volatile.Write(ref _attempt, 0);
        client.Connected += (_, _) =>
        {
            _gaveUp = false;
            Volatile.Write(ref _attempt, 0);
        };
        client.ReconnectFailed += (_, _) =>
        {
            _gaveUp = true;
            Volatile.Write(ref _attempt, 0);
        };
    }
}
