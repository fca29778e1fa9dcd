using System.Diagnostics.CodeAnalysis;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The reconnection policy of a named client (<see cref="SocketIoClientOptions.ReconnectionPolicy"/>) from the
/// services: the delay before each reconnection attempt and when to stop. Without one the client uses its exponential
/// backoff (<c>ReconnectionDelay</c>, <c>ReconnectionDelayMax</c>, <c>RandomizationFactor</c>, <c>ReconnectionAttempts</c>).
/// </summary>
/// <remarks>
/// Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public static class SocketIoClientReconnectionExtensions
{
    /// <summary>
    /// Uses a policy of type <typeparamref name="TPolicy"/>: the registered service if there is one, otherwise an
    /// instance created with its constructor dependencies from the services (one per client).
    /// </summary>
    /// <typeparam name="TPolicy">The policy type.</typeparam>
    /// <param name="builder">The client builder.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder SetReconnectionPolicy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPolicy>(this ISocketIoClientBuilder builder)
        where TPolicy : class, ISocketIoReconnectionPolicy =>
        builder.SetReconnectionPolicy(static services => ActivatorUtilities.GetServiceOrCreateInstance<TPolicy>(services));

    /// <summary>Uses the policy a delegate makes (called when the client's options are built, before the client is created).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="create">Returns the policy.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder SetReconnectionPolicy(this ISocketIoClientBuilder builder, Func<IServiceProvider, ISocketIoReconnectionPolicy> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.AddOptions<SocketIoClientOptions>(builder.Name)
            .Configure<IServiceProvider>((options, services) => options.ReconnectionPolicy = create(services));
        return builder;
    }
}
