namespace Tusk.SocketIO;

/// <summary>
/// The Socket.IO protocol revision spoken with the server. Maps Elephant.io's <c>client</c> option
/// (<c>CLIENT_1X</c> … <c>CLIENT_4X</c>) to the wire revision those servers use.
/// </summary>
public enum SocketIoProtocol
{
    /// <summary>
    /// Detect the revision from the Engine.IO handshake (EIO4 ⇒ <see cref="V5"/>, EIO3 ⇒ <see cref="V4"/>); when the
    /// Engine.IO handshake fails and the server answers the socket.io 0.9 handshake instead ⇒ <see cref="V0_9"/>.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// socket.io 0.9.x's own protocol, older than Engine.IO (handshake at <c>/socket.io/1/</c>, <c>type:id:endpoint:data</c>
    /// packets). Chosen automatically when a server answers only the 0.9 handshake. No binary attachments, no auth payload.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
        Justification = "Names socket.io 0.9 (configuration binds the text \"V0_9\"); V09 would read as a version 9.")]
    V0_9 = 1,

    /// <summary>Revision 3: socket.io 1.0.0–1.0.2 (ACK packets always carry an attachment count). Engine.IO 3.</summary>
    V3 = 3,

    /// <summary>Revision 4: socket.io 1.0.3–2.x. Engine.IO 3; the server joins <c>/</c> by itself; the query travels in CONNECT.</summary>
    V4 = 4,

    /// <summary>Revision 5: socket.io 3.x and 4.x. Engine.IO 4; explicit CONNECT with an auth payload.</summary>
    V5 = 5,
}
