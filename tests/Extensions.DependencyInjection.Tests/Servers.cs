using Tusk.SocketIO;
using Tusk.Testing;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>The real socket.io 4.x servers the integration tests talk to, and the client settings they share.</summary>
internal static class Servers
{
    public const string AltPath = "/alt";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>socket.io 4.x on the default path <c>/socket.io</c>.</summary>
    public static Task<NodeServer> DefaultAsync() => TestServers.GetSharedAsync("sio-v4");

    /// <summary>socket.io 4.x on <see cref="AltPath"/>, so only a client configured with that path reaches it.</summary>
    public static Task<NodeServer> AltPathAsync() => TestServers.GetSharedAsync("sio-v4", new { path = AltPath });

    /// <summary>Polling only, no upgrade, fast failure: a client that does exactly what the test says.</summary>
    public static void PollingOnly(SocketIoClientOptions options, NodeServer server)
    {
        options.ServerUri = server.HttpUri;
        options.Transports = ["polling"];
        options.Upgrade = false;
        options.ConnectTimeout = TimeSpan.FromSeconds(10);
        options.ReconnectionDelay = TimeSpan.FromMilliseconds(50);
        options.ReconnectionDelayMax = TimeSpan.FromMilliseconds(200);
    }
}
