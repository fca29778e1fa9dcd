using System.Diagnostics.CodeAnalysis;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Typed clients: a class of yours that receives the named <see cref="SocketIoClient"/> in its constructor (plus any
/// other services) and offers a domain API over it. The constructor may take <see cref="ISocketIoClient"/> instead, so
/// that the application's tests can construct the typed client with a fake.
/// </summary>
/// <remarks>
/// Typed clients are singletons, unlike <c>AddHttpClient</c>'s transient ones: the socket they wrap lives as long as
/// the application, and handlers a typed client registers in its constructor must be registered once.
/// <para>Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.</para>
/// </remarks>
public static class SocketIoClientTypedClientExtensions
{
    /// <summary>Registers <typeparamref name="TClient"/> as a singleton built with this named client.</summary>
    /// <typeparam name="TClient">The typed client; its constructor takes a <see cref="SocketIoClient"/> or an <see cref="ISocketIoClient"/>.</typeparam>
    /// <param name="builder">The client builder.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder AddTypedClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(this ISocketIoClientBuilder builder)
        where TClient : class =>
        builder.AddTypedClient<TClient, TClient>();

    /// <summary>Registers <typeparamref name="TClient"/> as a singleton implemented by <typeparamref name="TImplementation"/>.</summary>
    /// <typeparam name="TClient">The service type, often an interface.</typeparam>
    /// <typeparam name="TImplementation">The implementation; its constructor takes a <see cref="SocketIoClient"/> or an <see cref="ISocketIoClient"/>.</typeparam>
    /// <param name="builder">The client builder.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder AddTypedClient<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(this ISocketIoClientBuilder builder)
        where TClient : class
        where TImplementation : class, TClient =>
        builder.AddTypedClient<TClient>(static (socket, services) => ActivatorUtilities.CreateInstance<TImplementation>(services, socket));

    /// <summary>Registers <typeparamref name="TClient"/> as a singleton made by a delegate from this named client.</summary>
    /// <typeparam name="TClient">The service type.</typeparam>
    /// <param name="builder">The client builder.</param>
    /// <param name="create">Creates the typed client from the socket and the services.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder AddTypedClient<TClient>(this ISocketIoClientBuilder builder, Func<SocketIoClient, IServiceProvider, TClient> create)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        var name = builder.Name;
        builder.Services.AddSingleton(services => create(services.GetRequiredService<ISocketIoClientFactory>().GetClient(name), services));
        return builder;
    }
}
