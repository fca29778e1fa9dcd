using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers named Socket.IO clients, in the style of <c>AddHttpClient</c> and <c>AddGrpcClient</c>.</summary>
/// <remarks>
/// Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public static class SocketIoClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers a named Socket.IO client (or returns the builder of one already registered under that name, so calls
    /// add to it) together with <see cref="ISocketIoClientFactory"/>. Its options are the named
    /// <see cref="SocketIoClientOptions"/> <paramref name="name"/>, validated when the host starts. The client can also
    /// be injected as a keyed service: <c>[FromKeyedServices("name")] SocketIoClient</c>, or as the interface a test can
    /// fake, <c>[FromKeyedServices("name")] ISocketIoClient</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client name, passed to <see cref="ISocketIoClientFactory.GetClient(string)"/>.</param>
    /// <returns>A builder for further configuration of this client.</returns>
    public static ISocketIoClientBuilder AddSocketIoClient(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var registry = AddSocketIoClientCore(services);
        if (registry.Add(name))
        {
            AddNamedClient(services, name);
        }

        return new SocketIoClientBuilder(services, name);
    }

    /// <summary>Registers a named Socket.IO client and configures its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client name.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.ServerUri = new Uri("http://localhost:3000")</c>.</param>
    /// <returns>A builder for further configuration of this client.</returns>
    public static ISocketIoClientBuilder AddSocketIoClient(this IServiceCollection services, string name, Action<SocketIoClientOptions> configure) =>
        services.AddSocketIoClient(name).Configure(configure);

    /// <summary>Registers a named Socket.IO client and configures its options with access to the services.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client name.</param>
    /// <param name="configure">Sets the options; receives the service provider (e.g. to read a token source).</param>
    /// <returns>A builder for further configuration of this client.</returns>
    public static ISocketIoClientBuilder AddSocketIoClient(this IServiceCollection services, string name, Action<IServiceProvider, SocketIoClientOptions> configure) =>
        services.AddSocketIoClient(name).Configure(configure);

    /// <summary>Registers a named Socket.IO client whose options are read from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client name.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("SocketIo:Chat")</c>.</param>
    /// <returns>A builder for further configuration of this client.</returns>
    public static ISocketIoClientBuilder AddSocketIoClient(this IServiceCollection services, string name, IConfiguration configuration) =>
        services.AddSocketIoClient(name).Bind(configuration);

    /// <summary>
    /// Adds settings shared by every named Socket.IO client of the application, registered before or after this call
    /// (as <c>ConfigureHttpClientDefaults</c> does for HttpClient): they run before each client's own configuration,
    /// which therefore overrides them. Calls add to each other in order.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options, e.g. <c>o =&gt; o.Transports = ["websocket"]</c>.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection ConfigureSocketIoClientDefaults(this IServiceCollection services, Action<SocketIoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddSocketIoClientCore(services).Defaults.Add(configure);
        return services;
    }

    private static SocketIoClientRegistry AddSocketIoClientCore(IServiceCollection services)
    {
        services.AddOptions();
        services.AddHttpClient();
        services.TryAddSingleton<ISocketIoClientFactory, DefaultSocketIoClientFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIoClientOptions>, SocketIoClientOptionsValidator>());

        return SocketIoClientRegistry.GetOrAdd(services);
    }

    private static void AddNamedClient(IServiceCollection services, string name)
    {
        // SocketIoClientOptions starts with an empty Transports list (so that the standard configuration binder replaces
        // it instead of appending). Filling in the documented default before any user configuration runs keeps that
        // default for unconfigured clients, while a list a user emptied on purpose still fails validation.
        // This first configuration of the name also applies the shared defaults, so that they come before anything
        // the client's own registration adds, whenever ConfigureSocketIoClientDefaults was called.
        services.AddOptions<SocketIoClientOptions>(name)
            .Configure<SocketIoClientRegistry>(static (options, registry) =>
            {
                foreach (var configure in registry.Defaults)
                {
                    configure(options);
                }

                if (options.Transports.Count == 0)
                {
                    options.Transports = new List<string> { "polling", "websocket" };
                }
            })
            .ValidateOnStart();

        // [FromKeyedServices(name)] SocketIoClient. The container will also dispose it; SocketIoClient.DisposeAsync is
        // idempotent, so the factory's own disposal of the same client is harmless.
        services.TryAddKeyedSingleton(name, static (serviceProvider, key) => serviceProvider.GetRequiredService<ISocketIoClientFactory>().GetClient((string)key!));

        // [FromKeyedServices(name)] ISocketIoClient: the same instance, for code that a test fakes the client for.
        services.TryAddKeyedSingleton<ISocketIoClient>(name, static (serviceProvider, key) => serviceProvider.GetRequiredKeyedService<SocketIoClient>(key));

        // RemoveAllLoggers: IHttpClientFactory logs every request at Information, which for long-polling is four lines
        // per poll in the host log, each with the session's URL. Tusk logs what matters itself; a user who wants the
        // per-request lines adds them back with ConfigureHttpClientBuilder(b => b.AddDefaultLogger()).
        services.AddHttpClient(SocketIoHttpClientNames.For(name))
            .RemoveAllLoggers()
            .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(serviceProvider => PollingHttpHandler.Create(serviceProvider, name));
    }
}
