namespace Tusk.EngineIO;

/// <summary>The Engine.IO protocol revision a session speaks.</summary>
public enum EngineIoVersion
{
    /// <summary>Detect the revision from the server's first answer (the handshake is sent with <c>EIO=4</c>).</summary>
    Auto = 0,

    /// <summary>Revision 3: socket.io 1.x and 2.x, engine.io 1.x–3.x. The client sends the pings.</summary>
    V3 = 3,

    /// <summary>Revision 4: socket.io 3.x and 4.x, engine.io 4.x and later. The server sends the pings.</summary>
    V4 = 4,
}
