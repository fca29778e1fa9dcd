namespace Tusk.SocketIO;

/// <summary>Data of <see cref="SocketIoSocket.Connected"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class SocketIoConnectedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="id">The socket id the server assigned.</param>
    /// <param name="recovered">Whether connection state recovery restored the previous session.</param>
    public SocketIoConnectedEventArgs(string? id, bool recovered)
    {
        Id = id;
        Recovered = recovered;
    }

    /// <summary>The socket id the server assigned.</summary>
    public string? Id { get; }

    /// <summary>Whether the server restored the previous session (socket.io 4.6+ connection state recovery).</summary>
    public bool Recovered { get; }
}

/// <summary>Data of <see cref="SocketIoSocket.Disconnected"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class SocketIoDisconnectedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="reason">Why the socket disconnected.</param>
    /// <param name="exception">The transport error behind it, if any.</param>
    /// <param name="willReconnect">Whether the client is going to reconnect.</param>
    public SocketIoDisconnectedEventArgs(SocketIoDisconnectReason reason, Exception? exception, bool willReconnect)
    {
        Reason = reason;
        Exception = exception;
        WillReconnect = willReconnect;
    }

    /// <summary>Why the socket disconnected.</summary>
    public SocketIoDisconnectReason Reason { get; }

    /// <summary>The transport error behind the disconnect, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>Whether the client is going to reconnect by itself.</summary>
    public bool WillReconnect { get; }
}

/// <summary>Data of <see cref="SocketIoSocket.ConnectError"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class SocketIoConnectErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="exception">What failed.</param>
    /// <param name="willRetry">Whether the client keeps trying.</param>
    public SocketIoConnectErrorEventArgs(SocketIoConnectException exception, bool willRetry)
    {
        Exception = exception;
        WillRetry = willRetry;
    }

    /// <summary>What failed; <see cref="SocketIoConnectException.ServerMessage"/> and <see cref="SocketIoConnectException.ServerData"/> carry a server rejection.</summary>
    public SocketIoConnectException Exception { get; }

    /// <summary>Whether the client keeps trying (false after a server rejection).</summary>
    public bool WillRetry { get; }
}

/// <summary>Data of <see cref="SocketIoClient.Reconnecting"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class SocketIoReconnectingEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="attempt">The attempt number, from 1.</param>
    /// <param name="delay">The delay before this attempt.</param>
    public SocketIoReconnectingEventArgs(int attempt, TimeSpan delay)
    {
        Attempt = attempt;
        Delay = delay;
    }

    /// <summary>The attempt number, from 1.</summary>
    public int Attempt { get; }

    /// <summary>The delay waited before this attempt.</summary>
    public TimeSpan Delay { get; }
}

/// <summary>Data of <see cref="SocketIoClient.Reconnected"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class SocketIoReconnectedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="attempts">How many attempts it took.</param>
    public SocketIoReconnectedEventArgs(int attempts) => Attempts = attempts;

    /// <summary>How many attempts it took.</summary>
    public int Attempts { get; }
}

/// <summary>An event this client is about to send, as seen by <see cref="SocketIoSocket.OnAnyOutgoing"/> listeners.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread. <see cref="Arguments"/> are the values the emit was called
/// with: do not change them.
/// </remarks>
/// <param name="Namespace">The namespace it is sent on.</param>
/// <param name="Name">The event name.</param>
/// <param name="Arguments">The arguments as passed to the emit.</param>
public sealed record SocketIoOutgoingEvent(string Namespace, string Name, IReadOnlyList<object?> Arguments);
