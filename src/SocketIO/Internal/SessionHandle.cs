using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Internal;

/// <summary>A session plus whether the client closed it on purpose (then its end must not trigger reconnection).</summary>
internal sealed class SessionHandle(ISocketIoSession session)
{
    public ISocketIoSession Session { get; } = session;

    public volatile bool ClosedByClient;

    /// <summary>Why the client closed this session to reconnect (<c>SocketIoManager.AbortAsync</c>): its end is then a
    /// transport error with this cause, which reconnects, not a close on purpose.</summary>
    public volatile Exception? AbortedFor;

    /// <summary>The protocol tag this session was counted under in <c>socketio.client.connections</c>; null when it was
    /// not counted (nobody listened when it opened).</summary>
    public string? CountedProtocol;
}
