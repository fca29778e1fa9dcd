#region di-http-client
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
#endregion

namespace Tusk.Docs.Snippets.DependencyInjection;

/// <summary>docs/dependency-injection.md, "HTTP (polling)".</summary>
public static class HttpPipeline
{
    public static void Register(IServiceCollection services)
    {
        #region di-http-client
        services.AddTransient<AuditHandler>();
        services.AddSocketIoClient("chat")
            .BindConfiguration("SocketIo:Chat")
            .ConfigureHttpClientBuilder(http => http
                .AddHttpMessageHandler<AuditHandler>()
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    UseCookies = false,
                    Proxy = new WebProxy(DocServers.At("http://proxy:8080")),
                }));
        #endregion
    }
}

#region di-http-client
public sealed class AuditHandler(ILogger<AuditHandler> logger) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        logger.LogInformation("{Method} {Path}", request.Method, request.RequestUri?.AbsolutePath); // never the query: it may hold secrets
        return base.SendAsync(request, cancellationToken);
    }
}
#endregion
