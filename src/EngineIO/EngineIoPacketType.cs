namespace Tusk.EngineIO;

/// <summary>The Engine.IO packet types; the value is the type digit on the wire.</summary>
public enum EngineIoPacketType
{
    /// <summary><c>0</c>: the server's handshake.</summary>
    Open = 0,

    /// <summary><c>1</c>: close the session.</summary>
    Close = 1,

    /// <summary><c>2</c>: heartbeat request (or <c>2probe</c> on an upgrade probe).</summary>
    Ping = 2,

    /// <summary><c>3</c>: heartbeat answer (or <c>3probe</c>).</summary>
    Pong = 3,

    /// <summary><c>4</c>: an application message.</summary>
    Message = 4,

    /// <summary><c>5</c>: completes an upgrade on the new transport.</summary>
    Upgrade = 5,

    /// <summary><c>6</c>: no operation; makes a pending poll return.</summary>
    Noop = 6,
}
