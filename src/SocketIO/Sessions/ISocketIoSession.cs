using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Sessions;

/// <summary>
/// One open connection that carries Socket.IO packets for every namespace of a client. The Engine.IO session is one
/// implementation; a socket.io 0.9 session (its own framing, no Engine.IO) can be another behind the same client.
/// </summary>
internal interface ISocketIoSession : IAsyncDisposable
{
    /// <summary>The protocol revision this session speaks (never <see cref="SocketIoProtocol.Auto"/>).</summary>
    SocketIoProtocol Protocol { get; }

    /// <summary>The transport-level session id (Engine.IO sid).</summary>
    string? SessionId { get; }

    /// <summary>The current transport name.</summary>
    string? TransportName { get; }

    /// <summary>Why the session ended; meaningful once <see cref="ReceiveAsync"/> returned <see langword="null"/>.</summary>
    SocketIoDisconnectReason CloseReason { get; }

    /// <summary>The error that ended the session, if any.</summary>
    Exception? CloseException { get; }

    /// <summary>
    /// Queues a packet and its attachments as one unit. Packets are queued in call order when the call returns
    /// synchronously up to its first await, so callers may order sends under their own lock.
    /// </summary>
    ValueTask SendAsync(SocketIoPacket packet, CancellationToken cancellationToken);

    /// <summary>
    /// Completes once the server has read every packet queued before the call, so that a packet queued after it (a
    /// DISCONNECT) arrives in a later read: socket.io 2.x to 4.x drop events read together with the DISCONNECT after
    /// them. The default suits sessions whose servers handle each packet as they read it.
    /// </summary>
    /// <exception cref="TimeoutException">The server did not confirm in time (the session goes on).</exception>
    Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The next complete packet, or <see langword="null"/> once the session has ended.</summary>
    /// <remarks>The packet, and the UTF-8 bytes of its payload, are valid only until the next call: an Engine.IO session
    /// reuses both (the packet object and the pooled receive buffer) for the next packet. Handle the packet, copying what
    /// is kept, before receiving again.</remarks>
    /// <exception cref="SocketIoProtocolException">The server sent something undecodable (the session is then unusable).</exception>
    ValueTask<SocketIoPacket?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the packet <see cref="ReceiveAsync"/> last returned arrived together with more packets that follow at
    /// once (one long-polling response), so the receiver can wake its handler thread once per batch.
    /// </summary>
    bool HasMoreInBatch => false;

    /// <summary>Closes the session gracefully.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}

/// <summary>Opens sessions; a new one for the first connection and for each reconnection.</summary>
internal interface ISocketIoSessionFactory
{
    /// <summary>Opens a session (handshake included).</summary>
    /// <exception cref="SocketIoConnectException">The server could not be reached or refused the handshake.</exception>
    Task<ISocketIoSession> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// After an open that failed without saying why (a timeout), whether the server speaks another protocol revision
    /// than the options force. Best effort and bounded by itself; <see langword="null"/> when nothing more is known.
    /// </summary>
    Task<SocketIoProtocolMismatchException?> DiagnoseAsync(Exception failure) => Task.FromResult<SocketIoProtocolMismatchException?>(null);
}
