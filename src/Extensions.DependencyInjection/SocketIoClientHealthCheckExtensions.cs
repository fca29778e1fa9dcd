using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tusk.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reporting a named client's connection to <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>.</summary>
/// <remarks>
/// Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public static class SocketIoClientHealthCheckExtensions
{
    /// <summary>
    /// Adds a health check (through <c>services.AddHealthChecks()</c>) that reports this client's state:
    /// <see cref="HealthStatus.Healthy"/> while its namespace is connected; <see cref="HealthStatus.Degraded"/> while it
    /// reconnects after losing the connection, with the attempt number in the result's data (<c>attempt</c>);
    /// <paramref name="failureStatus"/> when reconnecting gave up, or when it is not connected and not reconnecting
    /// (never connected yet, or disconnected). The result's data also carry <c>transport</c> while connected.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="name">The health check's name. Default: <c>socketio-</c> followed by the client's name.</param>
    /// <param name="failureStatus">The status of a failed check. Default: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter health checks by (e.g. <c>ready</c>, <c>live</c>).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">No client of this builder's name is registered.</exception>
    public static ISocketIoClientBuilder AddHealthCheck(
        this ISocketIoClientBuilder builder, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!SocketIoClientRegistry.GetOrAdd(builder.Services).Contains(builder.Name))
        {
            throw new InvalidOperationException($"AddHealthCheck needs a builder from AddSocketIoClient; no client named '{builder.Name}' is registered.");
        }

        // Created with the client, so that no reconnection happens before the health check starts following it.
        var state = new SocketIoClientHealthState();
        builder.ConfigureClient(state.Follow);
        var clientName = builder.Name;
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name ?? "socketio-" + clientName,
            services => new SocketIoClientHealthCheck(services.GetRequiredService<ISocketIoClientFactory>(), clientName, state),
            failureStatus,
            tags));
        return builder;
    }
}
