using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.Internal;

/// <summary>An emit buffered while its namespace was not connected; sent in order on connect.</summary>
/// <param name="Packet">The encoded packet.</param>
/// <param name="Outgoing">What the outgoing catch-all sees when it is sent.</param>
internal sealed record PendingEmit(SocketIoPacket Packet, SocketIoOutgoingEvent Outgoing);
