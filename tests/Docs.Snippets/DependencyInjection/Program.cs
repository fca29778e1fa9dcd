#region di-worker
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.DependencyInjection;

/// <summary>docs/dependency-injection.md, "A worker service with a client configured in appsettings.json".</summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>The program's top-level statements; it runs until the host stops.</summary>
    public static void Main(string[] args)
    {
        #region di-worker
        var builder = Host.CreateApplicationBuilder(args);

        builder.Services.AddSocketIoClient("chat")
            .BindConfiguration("SocketIo:Chat")
            .ConfigureClient((services, client) =>
            {
                // Runs once, before the client connects: handlers registered here miss nothing.
                var logger = services.GetRequiredService<ILogger<Program>>();
                client.On("hello", e => logger.LogInformation("the server says hello"));
                client.Disconnected += (_, e) => logger.LogWarning("chat disconnected: {Reason}", e.Reason);
            })
            .ConnectOnStart(); // register before the worker: hosted services start in registration order

        builder.Services.AddHostedService<ChatWorker>();
        builder.Build().Run();
        #endregion
    }
}

#region di-worker
sealed class ChatWorker(ISocketIoClientFactory clients, ILogger<ChatWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SocketIoClient chat = clients.GetClient("chat"); // already connected by ConnectOnStart
        var welcome = await chat.EmitWithAckAsync<string>("echo", ["joined the lobby"], stoppingToken);
        logger.LogInformation("chat: {Welcome}", welcome);

        await foreach (var message in chat.ReadEventsAsync(stoppingToken))
        {
            logger.LogInformation("{Event} {Arguments}", message.Name, message);
        }
    }
}
#endregion
