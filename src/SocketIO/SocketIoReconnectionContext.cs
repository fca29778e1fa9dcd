namespace Tusk.SocketIO;

/// <summary>What an <see cref="ISocketIoReconnectionPolicy"/> is told about the reconnection attempt to schedule.</summary>
/// <remarks>Public setters (<c>init</c>) so that an application can test its own policy with any context.
/// <para>Thread safety: immutable; safe to read from any thread.</para>
/// </remarks>
public sealed class SocketIoReconnectionContext
{
    /// <summary>The number of the attempt the delay comes before: 1 right after the connection was lost, 2 after the
    /// first attempt failed, and so on (the <see cref="SocketIoReconnectingEventArgs.Attempt"/> it will be raised with).</summary>
    public int Attempt { get; init; }

    /// <summary>The time since the connection was lost: zero for attempt 1, then the delays waited and the attempts made.</summary>
    public TimeSpan ElapsedTime { get; init; }

    /// <summary>Why the connection was lost (<see cref="SocketIoDisconnectReason.TransportClose"/>,
    /// <see cref="SocketIoDisconnectReason.PingTimeout"/>, ...).</summary>
    public SocketIoDisconnectReason DisconnectReason { get; init; }

    /// <summary>The last error: for attempt 1 the one that ended the connection (<see langword="null"/> when it closed
    /// without one), afterwards the failure of the previous attempt (a <see cref="SocketIoConnectException"/>, as raised
    /// with <see cref="SocketIoSocket.ConnectError"/>).</summary>
    public Exception? LastError { get; init; }
}
