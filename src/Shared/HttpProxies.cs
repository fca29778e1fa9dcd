using System.Net;

namespace Tusk.Internal;

/// <summary>
/// A proxy URI (<c>http://user:password@host:port</c>) as a <see cref="WebProxy"/> for an HTTP handler: the address
/// without its user info, which becomes the credentials for the proxy's Basic challenge (so it never appears in the
/// address the handler logs or reports).
/// </summary>
internal static class HttpProxies
{
    public static WebProxy Create(Uri proxy)
    {
        var address = new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;

        // Loopback and local targets go through the proxy as well: the caller asked for it explicitly.
        var webProxy = new WebProxy(address) { BypassProxyOnLocal = false };
        if (!string.IsNullOrEmpty(proxy.UserInfo))
        {
            var colon = proxy.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? proxy.UserInfo : proxy.UserInfo[..colon]);
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(proxy.UserInfo[(colon + 1)..]);
            webProxy.Credentials = new NetworkCredential(user, password);
        }

        return webProxy;
    }
}
