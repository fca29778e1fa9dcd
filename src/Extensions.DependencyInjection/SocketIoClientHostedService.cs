using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tusk.Internal;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>Connects the clients marked with <c>ConnectOnStart</c> when the host starts and disconnects them when it stops.</summary>
internal sealed partial class SocketIoClientHostedService(
    ISocketIoClientFactory factory,
    SocketIoClientRegistry registry,
    ILogger<SocketIoClientHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Clients are created (and their ConfigureClient handlers attached) before any of them connects.
        var clients = registry.ConnectOnStart.Select(name => (Name: name, Client: factory.GetClient(name))).ToList();
        await Task.WhenAll(clients.Select(c => ConnectAsync(c.Name, c.Client, cancellationToken))).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(registry.ConnectOnStart.Select(name => DisconnectAsync(name, cancellationToken)));

    private async Task ConnectAsync(string name, SocketIoClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            Log.Connected(logger, name, client.ServerUri);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Socket.IO client '{name}' could not connect to {UriRedactor.Redact(client.ServerUri)} at application start: {exception.Message}", exception);
        }
    }

    private async Task DisconnectAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await factory.GetClient(name).DisconnectAsync(cancellationToken).ConfigureAwait(false);
            Log.Disconnected(logger, name);
        }
        catch (Exception exception)
        {
            // Stopping goes on for the other clients and services; the container still disposes this one.
            Log.DisconnectFailed(logger, name, exception);
        }
    }
}
