using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>One socket.io server version reached over one transport setup.</summary>
/// <param name="Version">The socket.io major version (1 to 4).</param>
/// <param name="Transport"><c>polling</c>, <c>websocket</c> (WebSocket only) or <c>upgrade</c> (polling, then WebSocket).</param>
public sealed record SioTarget(int Version, string Transport)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly string[] TransportSetups = ["polling", "websocket", "upgrade"];

    /// <summary>Every version × transport.</summary>
    public static IEnumerable<SioTarget> All => From(1, 2, 3, 4);

    /// <summary>Servers with Socket.IO v5 (socket.io 3.x, 4.x): handshake auth.</summary>
    public static IEnumerable<SioTarget> V3Plus => From(3, 4);

    /// <summary>Servers with connection state recovery (socket.io 4.6+).</summary>
    public static IEnumerable<SioTarget> V4Only => From(4);

    public string Module => $"sio-v{Version}";

    public Task<NodeServer> ServerAsync(object? options = null) => TestServers.GetSharedAsync(Module, options);

    /// <summary>Options for this transport setup with short reconnection delays; <paramref name="configure"/> adds the rest.</summary>
    public SocketIoClientOptions Options(Action<SocketIoClientOptions>? configure = null)
    {
        var options = new SocketIoClientOptions
        {
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
        return options;
    }

    /// <summary>A client for <paramref name="server"/>; dispose it.</summary>
    public SocketIoClient Client(NodeServer server, Action<SocketIoClientOptions>? configure = null) =>
        new(server.HttpUri, Options(configure));

    public override string ToString() => $"v{Version}-{Transport}";

    private static IEnumerable<SioTarget> From(params int[] versions) =>
        from version in versions from transport in TransportSetups select new SioTarget(version, transport);
}
