#region di-custom-transport
using Microsoft.Extensions.DependencyInjection;
#endregion
using Tusk.Docs.Snippets.EngineIO;

namespace Tusk.Docs.Snippets.DependencyInjection;

/// <summary>docs/dependency-injection.md, "Custom transports".</summary>
public static class CustomTransport
{
    public static CountingTransportFactory Register(IServiceCollection services)
    {
        #region di-custom-transport
        var packetCounter = new CountingTransportFactory();     // from the Engine.IO page
        services.AddSocketIoClient("chat", o =>
            {
                o.ServerUri = DocServers.At("http://localhost:3000");
                o.Transports = ["counted"];
            })
            .AddTransportFactory(_ => packetCounter);
        #endregion
        return packetCounter;
    }
}
