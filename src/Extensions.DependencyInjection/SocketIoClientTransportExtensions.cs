using System.Diagnostics.CodeAnalysis;
using Tusk.EngineIO.Transports;
using Tusk.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Custom Engine.IO transports for a named client. Registered factories are asked in registration order, before the
/// built-in <c>polling</c> and <c>websocket</c> transports; a factory returns null for a name it does not handle, so
/// the built-in transports stay available. The transport names a client tries come from
/// <c>SocketIoClientOptions.Transports</c> (and the server's upgrade list), so a transport with a new name must be
/// listed there.
/// </summary>
/// <remarks>
/// Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public static class SocketIoClientTransportExtensions
{
    /// <summary>
    /// Adds a transport factory of type <typeparamref name="TFactory"/>: the registered service if there is one,
    /// otherwise an instance created with its constructor dependencies from the services (one per client).
    /// </summary>
    /// <typeparam name="TFactory">The factory type.</typeparam>
    /// <param name="builder">The client builder.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder AddTransportFactory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFactory>(this ISocketIoClientBuilder builder)
        where TFactory : class, IEngineIoTransportFactory =>
        builder.AddTransportFactory(static services => ActivatorUtilities.GetServiceOrCreateInstance<TFactory>(services));

    /// <summary>Adds a transport factory made by a delegate (called once, when the client is created).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="create">Returns the factory.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder AddTransportFactory(this ISocketIoClientBuilder builder, Func<IServiceProvider, IEngineIoTransportFactory> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.Configure<SocketIoClientFactoryOptions>(builder.Name, options =>
        {
            options.TransportFactories.Add(create);
            options.HasOpenTransportFactory = true;
        });
        return builder;
    }

    /// <summary>
    /// Adds one transport by name: <paramref name="create"/> makes a new transport each time the client needs one
    /// called <paramref name="transportName"/> (which may also replace <c>polling</c> or <c>websocket</c>).
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="transportName">The transport name, as listed in <c>SocketIoClientOptions.Transports</c>.</param>
    /// <param name="create">Creates a transport for a session.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder AddTransport(this ISocketIoClientBuilder builder, string transportName, Func<EngineIoTransportContext, IEngineIoTransport> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transportName);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(builder);
        var factory = new NamedTransportFactory(transportName, create);
        builder.Services.Configure<SocketIoClientFactoryOptions>(builder.Name, options =>
        {
            options.TransportFactories.Add(_ => factory);
            options.TransportNames.Add(transportName);
        });
        return builder;
    }
}
