#region package-di
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tusk.Extensions.DependencyInjection;
#endregion

namespace Tusk.Docs.Snippets.Packages;

/// <summary>src/Extensions.DependencyInjection/README.md.</summary>
public static class DependencyInjectionReadme
{
    public static async Task RunAsync(string[] args)
    {
        #region package-di
        var builder = Host.CreateApplicationBuilder(args);  // appsettings.json: { "SocketIo": { "Chat": { "ServerUri": "http://localhost:3000" } } }
        builder.Services.AddSocketIoClient("chat")
            .BindConfiguration("SocketIo:Chat")
            .ConfigureClient(client => client.On("hello", e => Console.WriteLine("hello from the server")))
            .ConnectOnStart();

        using var host = builder.Build();
        await host.StartAsync();   // connects "chat", bounded by its ConnectTimeout

        // Anywhere: ISocketIoClientFactory.GetClient("chat") or [FromKeyedServices("chat")] SocketIoClient, the one shared client.
        var chat = host.Services.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");
        Console.WriteLine($"chat connected: {chat.IsConnected}");

        await host.StopAsync();    // disconnects it
        #endregion
    }
}
