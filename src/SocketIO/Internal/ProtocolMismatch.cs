namespace Tusk.SocketIO.Internal;

/// <summary>The words of a <see cref="SocketIoProtocolMismatchException"/>: what the server speaks, what was asked, what to set.</summary>
internal static class ProtocolMismatch
{
    public static string Describe(SocketIoProtocol requested, SocketIoProtocol? server)
    {
        var asked = requested == SocketIoProtocol.Auto
            ? "SocketIoClientOptions.Protocol is Auto and the client took it for a socket.io 3.x/4.x server (its Engine.IO " +
              "revision cannot be told over a WebSocket-only connection when the polling probe fails)"
            : $"SocketIoClientOptions.Protocol is {requested} ({Server(requested)})";
        var fix = server is { } known
            ? $"Set SocketIoClientOptions.Protocol to {known}{(requested == SocketIoProtocol.Auto ? string.Empty : ", or to Auto to detect it")}."
            : "Set SocketIoClientOptions.Protocol to Auto to detect its revision.";
        return $"The server speaks {Speaks(server)}, but {asked}. {fix}";
    }

    private static string Speaks(SocketIoProtocol? server) => server switch
    {
        SocketIoProtocol.V0_9 => "socket.io 0.9 (its own protocol, older than Engine.IO)",
        SocketIoProtocol.V3 or SocketIoProtocol.V4 => "socket.io 1.x/2.x (Socket.IO protocol v4 over Engine.IO 3)",
        SocketIoProtocol.V5 => "only socket.io 3.x/4.x (Socket.IO protocol v5 over Engine.IO 4; allowEIO3 is off, so older clients are refused)",
        _ => "Engine.IO (socket.io 1.x or later), not the 0.9 protocol",
    };

    private static string Server(SocketIoProtocol protocol) => protocol switch
    {
        SocketIoProtocol.V0_9 => "socket.io 0.9",
        SocketIoProtocol.V3 => "socket.io 1.0.0-1.0.2",
        SocketIoProtocol.V4 => "socket.io 1.x/2.x",
        SocketIoProtocol.V5 => "socket.io 3.x/4.x",
        _ => "detect",
    };
}
