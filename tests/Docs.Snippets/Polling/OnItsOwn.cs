#region polling-on-its-own
using System.Net;
using Tusk.Transport.Polling;
#endregion

namespace Tusk.Docs.Snippets.Polling;

/// <summary>docs/polling.md, "Use it on its own".</summary>
public static class OnItsOwn
{
    public static async Task RunAsync()
    {
        #region polling-on-its-own
        using var channel = new PollingChannel(new PollingClientOptions
        {
            Cookies = new CookieContainer(),
            UserAgent = "my-app/1.0",
            RequestTimeout = TimeSpan.FromSeconds(30),
        });

        var uri = DocServers.At("http://localhost:3000/engine.io/?EIO=4&transport=polling");
        PollingResponse handshake = await channel.GetAsync(uri);       // a "t=<unique>" parameter is appended
        Console.WriteLine(System.Text.Encoding.UTF8.GetString(handshake.Body.Span)); // 0{"sid":"…","upgrades":["websocket"],…}

        try
        {
            await channel.PostAsync(new Uri(uri + "&sid=unknown"), "4hello"u8.ToArray(), "text/plain;charset=UTF-8");
        }
        catch (PollingRequestException e)
        {
            Console.WriteLine($"{e.StatusCode} {e.ServerErrorCode} {e.ServerMessage}"); // 400 1 Session ID unknown
        }
        #endregion
    }
}
