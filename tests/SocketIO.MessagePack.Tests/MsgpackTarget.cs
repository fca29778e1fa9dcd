using Tusk.Testing;

namespace Tusk.SocketIO.MessagePack.Tests;

/// <summary>The socket.io 4.8 server with socket.io-msgpack-parser (module <c>sio-msgpack</c>) over one transport setup.</summary>
/// <param name="Transport"><c>polling</c>, <c>websocket</c> (WebSocket only) or <c>upgrade</c> (polling, then WebSocket).</param>
public sealed record MsgpackTarget(string Transport)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static IEnumerable<MsgpackTarget> All => new[] { "polling", "websocket", "upgrade" }.Select(t => new MsgpackTarget(t));

    public static Task<NodeServer> ServerAsync() => TestServers.GetSharedAsync("sio-msgpack");

    public SocketIoClient Client(NodeServer server, Action<SocketIoClientOptions>? configure = null)
    {
        var options = new SocketIoClientOptions
        {
            Parser = MessagePackParser.Instance,
            Transports = Transport switch
            {
                "polling" => ["polling"],
                "websocket" => ["websocket"],
                _ => ["polling", "websocket"],
            },
            Upgrade = Transport == "upgrade",
            ReconnectionDelay = TimeSpan.FromMilliseconds(50),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(200),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new SocketIoClient(server.HttpUri, options);
    }

    public override string ToString() => Transport;
}
