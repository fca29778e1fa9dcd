using System.Net;
using System.Net.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>The default primary handler of a named client's polling HttpClient.</summary>
internal static class PollingHttpHandler
{
    /// <summary>
    /// The polling handler unless the user configures another: the client's TLS settings and proxy apply, and cookies are left
    /// to the client's own shared jar (a handler jar would see only polling, not the WebSocket handshake).
    /// </summary>
    public static SocketsHttpHandler Create(IServiceProvider serviceProvider, string name)
    {
        var options = serviceProvider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get(name);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,

            // A redirect would carry the client's cookies and custom headers (tokens) to whatever host it names, and turn a
            // POST into a GET without its body (the messages it carried silently lost): a 3xx reaches the polling
            // channel, which reports it as an error.
            AllowAutoRedirect = false,

            // The client keeps this handler for its whole life, so pooled connections are renewed to follow DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Trace context goes to the server only when EngineIoConnectionOptions.PropagateTraceContext asks (as headers
            // the options add themselves); HttpClient would otherwise send the current activity's on every request.
            ActivityHeadersPropagator = null,
        };
        if (options.RequestTimeout > TimeSpan.Zero)
        {
            handler.ConnectTimeout = options.RequestTimeout;
        }

        if (options.Proxy is { } proxy)
        {
            // The same proxy as the WebSocket's CONNECT tunnel, so both transports take one way out.
            handler.Proxy = Tusk.Internal.HttpProxies.Create(proxy);
            handler.UseProxy = true;
        }

        var validation = Tusk.Internal.ServerCertificateValidation.Choose(options.DangerousAcceptAnyServerCertificate, options.RemoteCertificateValidationCallback);
        if (validation is not null || options.ClientCertificates is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = validation,
                ClientCertificates = options.ClientCertificates,
            };
        }

        return handler;
    }
}
