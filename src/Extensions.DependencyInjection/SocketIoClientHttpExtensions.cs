using Tusk.Extensions.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The <see cref="HttpClient"/> a named Socket.IO client polls with. It comes from <c>IHttpClientFactory</c> (one named
/// HttpClient per Socket.IO client), so handlers, proxies and resilience are added the usual way.
/// </summary>
/// <remarks>
/// The HttpClient is created once, with the Socket.IO client, and kept for its lifetime. By default its primary
/// handler applies the client's TLS settings and leaves cookies to the client's own jar (shared with the WebSocket
/// handshake); its <see cref="HttpClient.Timeout"/> is infinite because the polling transport enforces
/// <c>RequestTimeout</c> itself. Setting <c>SocketIoClientOptions.HttpClient</c> or <c>HttpMessageHandler</c>
/// bypasses all of this. The WebSocket transport does not use the HttpClient.
/// <para>Thread safety: registration-time methods, called while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.</para>
/// </remarks>
public static class SocketIoClientHttpExtensions
{
    /// <summary>Adds a delegate that configures the polling <see cref="HttpClient"/> (e.g. default headers).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Configures the HttpClient.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder ConfigureHttpClient(this ISocketIoClientBuilder builder, Action<HttpClient> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureHttpClientBuilder(http => http.ConfigureHttpClient(configure));
    }

    /// <summary>
    /// Configures the <see cref="IHttpClientBuilder"/> of the polling HttpClient: <c>AddHttpMessageHandler</c>,
    /// <c>ConfigurePrimaryHttpMessageHandler</c> (e.g. a proxy), resilience handlers and so on.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Receives the HttpClient builder.</param>
    /// <returns>The same builder.</returns>
    public static ISocketIoClientBuilder ConfigureHttpClientBuilder(this ISocketIoClientBuilder builder, Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Services.AddHttpClient(SocketIoHttpClientNames.For(builder.Name)));
        return builder;
    }
}
