using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>The socket.io 0.9.19 servers the 0.9 tests share.</summary>
internal static class LegacyServers
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Heartbeat every 1 s (WebSocket), heartbeat timeout 4 s, idle polls answered after 1 s: idle tests cross several
    /// keep-alive intervals quickly.
    /// </summary>
    public static Task<NodeServer> FastHeartbeatAsync() =>
        TestServers.GetSharedAsync("sio-v0", new { pingInterval = 1000, pingTimeout = 4000, pollingDuration = 1000 });

    /// <summary>
    /// Heartbeat every 0.3 s (WebSocket), idle polls answered after 0.3 s, heartbeat timeout 4 s: for the tests of an idle
    /// session, which wait for several keep-alives. The 0.9 server sends its next heartbeat only after the client
    /// answered the last one, so each keep-alive after the first shows the server accepted an answer.
    /// </summary>
    public static Task<NodeServer> QuickHeartbeatAsync() =>
        TestServers.GetSharedAsync("sio-v0", new { pingInterval = 300, pingTimeout = 4000, pollingDuration = 300 });

    /// <summary>A client forced to 0.9 over one transport, reconnecting quickly.</summary>
    public static SocketIoClient CreateClient(Uri serverUri, string transport, Action<SocketIoClientOptions>? configure = null)
    {
        var options = new SocketIoClientOptions
        {
            Protocol = SocketIoProtocol.V0_9,
            Transports = [transport],
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ReconnectionDelay = TimeSpan.FromMilliseconds(100),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(500),
        };
        if (Environment.GetEnvironmentVariable("TUSK_LEGACY_LOG") is not null)
        {
            options.LoggerFactory = new ProgressLoggerFactory();
        }

        configure?.Invoke(options);
        return new SocketIoClient(serverUri, options);
    }

    /// <summary>The transports the 0.9 tests run over.</summary>
    public static IEnumerable<string> Transports => ["polling", "websocket"];
}
