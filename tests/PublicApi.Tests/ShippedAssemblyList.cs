using System.Reflection;
using Tusk.EngineIO;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;
using Tusk.SocketIO.MessagePack;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.PublicApi.Tests;

/// <summary>The assemblies that ship as NuGet packages.</summary>
internal static class ShippedAssemblyList
{
    public static readonly Assembly[] All =
    [
        typeof(WebSocketClient).Assembly,
        typeof(PollingChannel).Assembly,
        typeof(EngineIoClient).Assembly,
        typeof(SocketIoClient).Assembly,
        typeof(ISocketIoClientFactory).Assembly,
        typeof(MessagePackParser).Assembly,
    ];
}
