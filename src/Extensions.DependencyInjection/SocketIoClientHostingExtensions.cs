using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Tusk.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Connecting named clients with the application's lifetime.</summary>
/// <remarks>
/// Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public static class SocketIoClientHostingExtensions
{
    /// <summary>
    /// Connects this client when the host starts and disconnects it when the host stops, through an
    /// <see cref="IHostedService"/> registered once for all such clients. Start waits until every such client is
    /// connected (each bounded by its <c>ConnectTimeout</c>) and fails the host's start, naming the client, if one
    /// cannot connect. Hosted services start in registration order, so call this before adding services that use the
    /// connection at start.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder ConnectOnStart(this ISocketIoClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registry = SocketIoClientRegistry.GetOrAdd(builder.Services);
        if (!registry.Contains(builder.Name))
        {
            throw new InvalidOperationException($"ConnectOnStart needs a builder from AddSocketIoClient; no client named '{builder.Name}' is registered.");
        }

        registry.AddConnectOnStart(builder.Name);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SocketIoClientHostedService>());
        return builder;
    }
}
