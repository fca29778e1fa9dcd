using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tusk.Testing;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>
/// The polling handler the container builds for a named client does not follow redirects: a raw listener answers 302
/// pointing at a second listener, and the second one never sees a connection (a followed redirect would have taken the
/// client's headers there, and turned a POST into a body-less GET).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PollingRedirectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [TestCase("GET")]
    [TestCase("POST")]
    public async Task The_DI_polling_handler_does_not_follow_a_302_to_another_host(string method)
    {
        using var server = new RedirectingListener();
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o =>
        {
            o.ServerUri = server.Uri;
            o.ExtraHeaders["X-Token"] = "hunter2";
        });
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(SocketIoHttpClientNames.For("chat"));

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.Uri, "socket.io/?EIO=4&transport=polling&sid=s"));
        request.Headers.Add("X-Token", "hunter2");
        if (method == "POST")
        {
            request.Content = new StringContent("42[\"message\",\"kept\"]");
        }

        // A followed redirect would wait for ever on the target, which never accepts.
        using var response = await http.SendAsync(request).WaitAsync(Timeout);
        await server.Answered.WaitAsync(Timeout);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), "the 302 itself reaches the caller");
        Assert.That(response.Headers.Location, Is.EqualTo(server.Target));
        Assert.That(server.TargetWasContacted, Is.False, "the redirect target saw no connection");
    }
}
