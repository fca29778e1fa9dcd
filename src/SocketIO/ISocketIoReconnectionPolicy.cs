namespace Tusk.SocketIO;

/// <summary>
/// Decides whether and when a <see cref="SocketIoClient"/> tries again to reconnect after it lost its connection, as
/// SignalR's <c>IRetryPolicy</c> does for a hub connection. Set it with
/// <see cref="SocketIoClientOptions.ReconnectionPolicy"/>; without one the client uses its exponential backoff
/// (<see cref="SocketIoClientOptions.ReconnectionDelay"/>, <see cref="SocketIoClientOptions.ReconnectionDelayMax"/>,
/// <see cref="SocketIoClientOptions.RandomizationFactor"/>, <see cref="SocketIoClientOptions.ReconnectionAttempts"/>).
/// </summary>
/// <remarks>
/// The policy is asked only when reconnection applies at all: <see cref="SocketIoClientOptions.Reconnection"/> is on,
/// the connection was not closed on purpose or refused for good (a server rejection, a protocol mismatch), and a
/// namespace still wants to be connected. It is asked once when the connection is lost (for attempt 1: the answer
/// decides <see cref="SocketIoDisconnectedEventArgs.WillReconnect"/>) and once after each failed attempt (the answer
/// decides <see cref="SocketIoConnectErrorEventArgs.WillRetry"/>). Return quickly and do not block. A policy that throws stops the
/// reconnection, as <see langword="null"/> does, and the exception is logged. One policy instance may serve several
/// clients; what it needs to know about an attempt is in the <see cref="SocketIoReconnectionContext"/>.
/// <para>Thread safety: for one client the calls come one at a time, from its background reconnection loop; a policy
/// shared by several clients is called from their loops concurrently, so it should keep no state between calls (what
/// it needs is in the context).</para>
/// </remarks>
public interface ISocketIoReconnectionPolicy
{
    /// <summary>The delay before the next reconnection attempt, or <see langword="null"/> to stop reconnecting
    /// (the client then raises <see cref="SocketIoClient.ReconnectFailed"/> and its sockets become inactive).</summary>
    /// <param name="context">The attempt about to be scheduled, the time spent reconnecting so far and the last error.</param>
    /// <returns>The delay (a negative one counts as zero, one over 49.7 days, the longest a timer waits, as 49.7 days), or
    /// <see langword="null"/> to stop.</returns>
    TimeSpan? NextDelay(SocketIoReconnectionContext context);
}
