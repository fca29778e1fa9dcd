using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configuration of a named Socket.IO client: options, configuration binding and the client instance.</summary>
/// <remarks>
/// Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public static class SocketIoClientBuilderExtensions
{
    /// <summary>Adds a delegate that sets the client's options (run in registration order, after earlier ones).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets options.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder Configure(this ISocketIoClientBuilder builder, Action<SocketIoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(builder.Name, configure);
        return builder;
    }

    /// <summary>Adds a delegate that sets the client's options with access to the services.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets options; receives the service provider.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder Configure(this ISocketIoClientBuilder builder, Action<IServiceProvider, SocketIoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SocketIoClientOptions>(builder.Name)
            .Configure<IServiceProvider>((options, services) => configure(services, options));
        return builder;
    }

    /// <summary>
    /// Reads the client's options from a configuration section (keys are <see cref="SocketIoClientOptions"/> property
    /// names: <c>ServerUri</c>, <c>Path</c>, <c>Transports</c>, <c>ConnectTimeout</c>, <c>Reconnection</c>, ...).
    /// Values present in the section replace what earlier calls set; lists are replaced, dictionaries merged.
    /// A reload of the configuration reaches clients created after it; a client already created keeps the options it
    /// was created with (it owns a connection made with them).
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configuration">The section.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder Bind(this ISocketIoClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.Configure<SocketIoClientOptions>(builder.Name, options => SocketIoClientOptionsConfiguration.Apply(configuration, options));

        // A reload of the section invalidates the named options (IOptionsMonitor.OnChange fires), so a client created
        // after it reads the new values.
        builder.Services.AddSingleton<IOptionsChangeTokenSource<SocketIoClientOptions>>(
            new ConfigurationChangeTokenSource<SocketIoClientOptions>(builder.Name, configuration));
        return builder;
    }

    /// <summary>
    /// Reads the client's options from the section at <paramref name="sectionPath"/> of the application's
    /// <see cref="IConfiguration"/> (resolved from the services), e.g. <c>"SocketIo:Chat"</c>. See <see cref="Bind"/>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="sectionPath">The section path, keys separated by <c>:</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder BindConfiguration(this ISocketIoClientBuilder builder, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sectionPath);
        builder.Services.AddOptions<SocketIoClientOptions>(builder.Name)
            .Configure<IConfiguration>((options, configuration) => SocketIoClientOptionsConfiguration.Apply(configuration.GetSection(sectionPath), options));
        var name = builder.Name;
        builder.Services.AddSingleton<IOptionsChangeTokenSource<SocketIoClientOptions>>(services =>
            new ConfigurationChangeTokenSource<SocketIoClientOptions>(name, services.GetRequiredService<IConfiguration>()));
        return builder;
    }

    /// <summary>
    /// Adds a delegate run on the client right after the factory creates it, before anyone else gets it and before
    /// <see cref="SocketIoClientHostingExtensions.ConnectOnStart"/> connects it: the place for event handlers that must
    /// not miss anything.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Receives the new client.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder ConfigureClient(this ISocketIoClientBuilder builder, Action<SocketIoClient> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureClient((_, client) => configure(client));
    }

    /// <summary>Adds a delegate run on the client right after the factory creates it, with access to the services.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Receives the service provider and the new client.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder ConfigureClient(this ISocketIoClientBuilder builder, Action<IServiceProvider, SocketIoClient> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure<SocketIoClientFactoryOptions>(builder.Name, options => options.ClientActions.Add(configure));
        return builder;
    }
}
