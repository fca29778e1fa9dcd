#region di-several-clients
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace Tusk.Docs.Snippets.DependencyInjection;

/// <summary>docs/dependency-injection.md, "Several clients".</summary>
public static class SeveralClients
{
    public static void Register(IServiceCollection services)
    {
        #region di-several-clients
        services.AddSocketIoClient("chat").BindConfiguration("SocketIo:Chat").ConnectOnStart();
        services.AddSocketIoClient("custom-path", o =>
            {
                o.ServerUri = DocServers.At("http://localhost:3000");
                o.Path = "/my/my.io";
                o.Transports = ["websocket"];
                o.Reconnection = false;
            })
            .ConnectOnStart();
        #endregion
    }
}
