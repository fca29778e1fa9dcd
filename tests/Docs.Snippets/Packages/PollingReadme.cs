#region package-polling
using System.Net;
using Tusk.Transport.Polling;
#endregion

namespace Tusk.Docs.Snippets.Packages;

/// <summary>src/Transport.Polling/README.md.</summary>
public static class PollingReadme
{
    public static async Task<PollingResponse> RunAsync()
    {
        #region package-polling
        using var channel = new PollingChannel(new PollingClientOptions { Cookies = new CookieContainer() });
        var response = await channel.GetAsync(DocServers.At("http://localhost:3000/engine.io/?EIO=4&transport=polling"));
        #endregion
        return response;
    }
}
