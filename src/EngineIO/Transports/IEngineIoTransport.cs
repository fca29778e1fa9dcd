namespace Tusk.EngineIO.Transports;

/// <summary>
/// A channel that moves Engine.IO packets between the client and the server. The session calls
/// <see cref="ReceiveAsync"/> from one loop and <see cref="SendAsync"/> from another, never two receives or two
/// sends at once, so an implementation only has to allow one of each concurrently.
/// </summary>
/// <remarks>
/// Implement this (and <see cref="IEngineIoTransportFactory"/>) to run Engine.IO over something else than HTTP
/// long-polling or WebSocket, e.g. an in-memory pipe in tests. The transport encodes packets for the wire with the
/// revision in <see cref="EngineIoTransportContext.Version"/>: <see cref="Protocol.EngineIoPayloadCodec"/> writes and
/// reads polling bodies, <see cref="Protocol.EngineIoPacketCodec"/> one packet per message, as the built-in transports do.
/// <para>Thread safety: the session calls <see cref="ReceiveAsync"/> and <see cref="SendAsync"/> from two different
/// threads, possibly at the same time, but never two receives or two sends at once; <see cref="CloseAsync"/> and
/// <see cref="IAsyncDisposable.DisposeAsync"/> may come while a receive is waiting and must end it.</para>
/// </remarks>
public interface IEngineIoTransport : IAsyncDisposable
{
    /// <summary>The transport name, e.g. <c>polling</c> or <c>websocket</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Opens the transport. When <see cref="EngineIoTransportContext.SessionId"/> is null this starts a new session
    /// and the server's <c>open</c> packet is the first packet <see cref="ReceiveAsync"/> returns. When the context's
    /// version is <see cref="EngineIoVersion.Auto"/>, a transport that can tell the revision from the framing sets
    /// <see cref="EngineIoTransportContext.Version"/> before returning that packet.
    /// </summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Sends packets in order. A polling transport may batch them into one or more requests (honouring <see cref="EngineIoTransportContext.MaxPayload"/>).</summary>
    /// <param name="packets">The packets to send.</param>
    /// <param name="cancellationToken">Cancels the send (the transport may then be unusable).</param>
    ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken);

    /// <summary>
    /// Completes once the server has read every packet this transport sent before the call, so that what is sent next
    /// reaches the server in a later read. A server that handles a packet after the read that brought it (socket.io 2.x
    /// to 4.x dispatch events on the next tick, and drop them if a disconnect was read meanwhile) has then handled them.
    /// The session calls it between sends, never while a send is running.
    /// </summary>
    /// <remarks>The default suits transports whose <see cref="SendAsync"/> completes only when the server has answered
    /// the request that carried the packets, as HTTP long-polling does. A WebSocket sends a ping after the packets and
    /// waits for the pong.</remarks>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when the server has read the packets.</returns>
    ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Receives the next packets (a polling response, or one WebSocket message). Returns an empty list when the peer
    /// closed the transport; throws when the transport failed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the receive.</param>
    ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Closes the transport gracefully (a WebSocket close handshake); sending the close packet is the session's job.</summary>
    /// <param name="cancellationToken">Bounds the close.</param>
    Task CloseAsync(CancellationToken cancellationToken);
}
